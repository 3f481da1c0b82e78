"""Alembic migrations of the project database; :mod:`aeflow.storage.database` runs them on open."""
