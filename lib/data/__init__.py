"""Reading and storing figures: the data contract, readers, units, areas, the DuckDB store."""
