"""The metrics layer: metric definitions written once (SQLGlot), and the facts store (DuckDB or
PostgreSQL) they run on."""
