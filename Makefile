# run-insights: `make report` builds the sample runs into build/, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: report test lint install bench snapshots screenshots docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,browser,docs-sites]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

report: install
	$(BIN)/run-insights build sample_runs -o build

lint: install
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy

test: install lint
	$(BIN)/python -m pytest

# Build speed and memory on a synthetic corpus: RUNS=10000 INSTANCES=200 MEMORY_RUNS=100000
# JSONL_MB=1024 (0: skip).
RUNS ?= 10000
INSTANCES ?= 200
MEMORY_RUNS ?= 100000
JSONL_MB ?= 1024
bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench.py --runs $(RUNS) --instances $(INSTANCES) --memory-runs $(MEMORY_RUNS) --jsonl-mb $(JSONL_MB)

# Rewrite the generated regions of the project's own docs (the signal table, the command help).
docs: install
	$(BIN)/python -m tests.own_docs

snapshots: install
	$(BIN)/python -m pytest tests/test_snapshots.py tests/test_output_digests.py --snapshot-update

# Rewrite the reviewed screenshots in tests/visual/ (every page, 4 widths, light and dark) after
# an intended change of the pages' look; review the images in the diff like code.
screenshots: install
	$(BIN)/python -m pytest tests/test_visual.py -k screenshots --screenshot-update

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
