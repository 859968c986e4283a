# Every target sets up its own virtual environment first: a fresh machine needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint docs schemas bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,durable,docs,dask]'
	touch $(STAMP)

## demo: audit the example company as of 2026-11-26
demo: $(STAMP)
	@# Exit 1 means "violations found": the demo's point, not a failure.
	$(BIN)/sales-policy audit examples/company --as-of 2026-11-26 --format table || test $$? -eq 1

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

## lint: ruff, mypy --strict and the layer contract (pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## docs: the documentation site, into build/docs/ (open build/docs/index.html)
# Warnings are errors, as in CI: a broken link or cross-reference, or a page left out of
# the navigation, fails the build; `-n` checks every reference the API reference makes, and
# `-E` reads every page afresh, so a warning is never hidden by an earlier build.
SPHINXOPTS ?= -W --keep-going -n -q -E
docs: $(STAMP)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) docs build/docs

## schemas: regenerate the JSON Schemas in schemas/ from the models
schemas: $(STAMP)
	$(BIN)/python tools/write_schemas.py

## bench: the loading benchmark on generated data (see docs/performance.md)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
