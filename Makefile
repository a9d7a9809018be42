# Two commands for a newcomer: `make demo` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install bench clean release test-release

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
	$(MAKE) --no-print-directory test-release

# The release build (setup.py): the reading modules compiled by mypyc, the wheel to deploy (docs/deploy.md).
# Rebuilt when anything in the package changes (~1 minute); the source tree itself stays pure Python.
RELEASE := .venv-release
WHEELS := dist
WHEEL_STAMP := $(WHEELS)/.built
PACKAGE_FILES := $(shell find sharepoint_sync -type f -not -path '*/__pycache__/*') setup.py pyproject.toml

$(WHEEL_STAMP): $(STAMP) $(PACKAGE_FILES)
	rm -rf build $(WHEELS)
	ILN_SYNC_COMPILE=1 $(BIN)/python -m pip wheel --quiet --no-build-isolation --no-deps . -w $(WHEELS)
	rm -rf build
	touch $@

release: $(WHEEL_STAMP)

# A second virtual environment with the compiled wheel installed (not editable): what production runs. The fake
# tenant and the demo kit, which the tests need, go in editable, so no build folder is left inside fake/ or demo/.
$(RELEASE)/.installed: $(WHEEL_STAMP) fake/pyproject.toml demo/pyproject.toml
	test -x $(RELEASE)/bin/python || $(PYTHON) -m venv $(RELEASE)
	$(RELEASE)/bin/python -m pip install --quiet "$$(ls $(WHEELS)/iln_sync-*.whl)[dev]" -e ./fake -e ./demo \
		--config-settings editable_mode=compat
	$(RELEASE)/bin/python -m pip install --quiet --force-reinstall --no-deps $(WHEELS)/iln_sync-*.whl
	touch $@

# The extraction tests again, against the compiled build: -P and --import-mode=append keep the source tree
# from shadowing the installed package (tests/extract/test_release_build.py checks which one ran).
test-release: $(RELEASE)/.installed
	ILN_SYNC_RELEASE_BUILD=1 $(RELEASE)/bin/python -P -m pytest -q -p no:cacheprovider --import-mode=append tests/extract


# Every benchmark, on the release build (what production runs); `.venv/bin/python benchmarks/bench_extract.py`
# measures the pure-Python source tree for comparison.
bench: $(RELEASE)/.installed
	$(RELEASE)/bin/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(RELEASE) $(WHEELS) build *.egg-info
