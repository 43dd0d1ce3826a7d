"""Importing records of police powers: one adapter per source format behind one interface.

`discover` turns paths into units (one force-month each), an adapter turns a unit's bytes
into raw rows, `normalise` checks and codes each row, and `pipeline.ingest` stores each
unit in one transaction and writes its warehouse partition.
"""
