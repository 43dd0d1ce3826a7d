"""Use of force: the Home Office tables and a force's own records, beside stop and search.

Use of force is a police power like stop and search, so its records sit in the powers app
and are imported with the same kit (`parity.powers.importing`): every row checked, a file
with a bad row refused whole, one transaction per unit, the same rows again changing nothing.
"""
