# aeflow — the two set-up commands: `make demo` and `make test`. Each bootstraps .venv on its own.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DATA ?= $(CURDIR)/.demo-data

.PHONY: demo test install lint i18n-check clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	AEFLOW_DATA_DIR="$${AEFLOW_DATA_DIR:-$(DEMO_DATA)}" $(BIN)/aeflow demo
	AEFLOW_DATA_DIR="$${AEFLOW_DATA_DIR:-$(DEMO_DATA)}" $(BIN)/aeflow serve --demo-user --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m pytest -q

i18n-check: $(STAMP)
	$(BIN)/python tools/i18n.py check

clean:
	rm -rf $(VENV) $(DEMO_DATA) .pytest_cache .hypothesis
