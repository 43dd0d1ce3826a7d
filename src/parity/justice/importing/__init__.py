"""Importers for arrests, out-of-court disposals and later criminal-justice stages."""
