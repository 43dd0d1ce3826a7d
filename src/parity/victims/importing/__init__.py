"""Importers for victims' and complaints' data, on the import kit of `parity.powers.importing`."""
