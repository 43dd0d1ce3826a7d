"""The analysis warehouse: Parquet files partitioned by dataset, force and month.

It is a derived read model. The operational database is the system of record; after an
import the affected force-month partitions are rewritten, and `parity warehouse rebuild`
regenerates everything. Analysis reads only the warehouse, through DuckDB.
"""
