"""Storage: the YAML project file format and the SQL database (SQLAlchemy + Alembic)."""
