"""The facts store's tables, written once in DuckDB's dialect (transpiled for PostgreSQL)."""

from __future__ import annotations

from aeflow.importers.registry import COUNTS, KEY_DIMENSIONS, MEASURES, MONEY

KEY = ("project", "platform", *KEY_DIMENSIONS, "date")


def _measure_type(m: str) -> str:
    if m in MONEY:
        return "DECIMAL(18, 2)"
    return "BIGINT" if m in COUNTS else "DOUBLE"


FACT_COLUMNS = [(c, "VARCHAR NOT NULL") for c in KEY[:-1]] + [("date", "DATE NOT NULL")] + [
    (m, _measure_type(m)) for m in MEASURES] + [("import_id", "BIGINT NOT NULL")]

DDL = [
    "CREATE TABLE IF NOT EXISTS facts (" + ", ".join(f"{c} {t}" for c, t in FACT_COLUMNS) + ")",
    """CREATE TABLE IF NOT EXISTS imports (
        id BIGINT PRIMARY KEY, project VARCHAR NOT NULL, file VARCHAR NOT NULL, platform VARCHAR NOT NULL,
        encoding VARCHAR, source_rows BIGINT, facts BIGINT, replaced BIGINT, date_min DATE, date_max DATE,
        author VARCHAR, imported_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS alerts (
        project VARCHAR NOT NULL, risk_id VARCHAR NOT NULL, metric VARCHAR NOT NULL, channel VARCHAR NOT NULL,
        first_date DATE NOT NULL, last_date DATE NOT NULL, value DOUBLE, threshold DOUBLE,
        created_at TIMESTAMP, PRIMARY KEY (project, risk_id, first_date))""",
]


def typed(c: str) -> str:
    """A staged column as the facts table stores it (counts rounded, money to cents)."""
    if c in MONEY:
        return f"CAST(ROUND({c}, 2) AS DECIMAL(18, 2)) AS {c}"
    if c in COUNTS:
        return f"CAST(ROUND({c}) AS BIGINT) AS {c}"
    return c


def insert_select(source: str, project_param: str, import_param: str) -> str:
    """``INSERT INTO facts SELECT …`` from a staged table."""
    cols = [project_param if c == "project" else import_param if c == "import_id" else typed(c)
            for c, _t in FACT_COLUMNS]
    return f"INSERT INTO facts SELECT {', '.join(cols)} FROM {source}"


def delete_matching(source: str, project_param: str) -> str:
    """Delete the stored facts that a staged table replaces (same project, platform, keys, date)."""
    match = " AND ".join(f"f.{c} = s.{c}" for c in KEY[1:])
    return f"DELETE FROM facts AS f USING {source} AS s WHERE f.project = {project_param} AND {match}"
