"""Boundaries for maps: ONS's police force areas and local authority districts, simplified
by Parity's own build step (`parity maps build`) into the small geometry Parity draws.

`build` reads the ONS files where they lie and writes one JSON file into PARITY_HOME;
`areas` loads it (or says none is built) and places map points in local authorities. The
repository holds no boundary data: ONS's files are read in place, and what Parity ships
is made from them on each installation.
"""
