# Two commands for a newcomer: `make demo` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install bench clean

# Three distributions, installed editable together: the worker (.), the fake Microsoft 365 tenant (fake/)
# and the demo kit (demo/: the demo, emulator and forms subcommands). Compat mode (a .pth path entry):
# sub-packages added later import without a reinstall.
$(STAMP): pyproject.toml fake/pyproject.toml demo/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e ./fake -e ./demo --config-settings editable_mode=compat
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/iln-sync demo

# ruff and mypy (configured in pyproject.toml) before the tests: a lint finding fails fast, in the tool's own
# words; import-linter's contracts run inside the suite (tests/unit/test_import_contracts.py).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
