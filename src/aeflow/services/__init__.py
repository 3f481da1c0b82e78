"""Use cases: each function owns its transaction; the CLI and the web app call only these."""
