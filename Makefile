# Two commands do all the set-up:  `make run`  and  `make test`.
# Each creates the virtual environment and installs what it needs when missing.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8765
HOST   ?= 127.0.0.1
SCENARIO ?= classroom
PYTEST_ARGS ?=

# Solara loads its page scripts from a CDN unless this package is present; its
# newest release carries the vue2 page app that ipyvuetify<3 uses.  It is
# installed without dependencies so it does not pin solara itself.
SOLARA_ASSETS := solara-assets==1.58.2

.PHONY: run test lint bench bench-experiments baseline venv install install-test clean

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	$(PY) -m pip install --quiet --no-deps $(SOLARA_ASSETS)
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: $(VENV)/.installed
	SOLARA_TELEMETRY_MIXPANEL_ENABLE=False $(PY) -m sim dashboard --host $(HOST) --port $(PORT) --scenario $(SCENARIO)

lint: $(VENV)/.installed-test
	$(PY) -m ruff check sim tests benchmarks
	$(PY) -m ruff format --check sim tests benchmarks

test: $(VENV)/.installed-test
	$(PY) -m ruff check sim tests benchmarks
	SOLARA_TELEMETRY_MIXPANEL_ENABLE=False $(PY) -m pytest -q -n 2 --dist worksteal $(PYTEST_ARGS)

# Rewrite the pinned regression baseline (tests/regression_baseline.json) on purpose: only in
# a commit that changes results, whose message says why.
baseline: $(VENV)/.installed-test
	$(PY) tests/regression_baseline.py --write

bench: $(VENV)/.installed-test
	$(PY) -m benchmarks

bench-experiments: $(VENV)/.installed-test
	$(PY) -m benchmarks.bench_experiments

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
