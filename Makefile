# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step of them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: help demo test lint pytest stop clean

help:
	@echo "make demo   set up, start the local PostgreSQL, load the sample, dbt build, print the segments"
	@echo "make test   lint, then dbt build with every test and pytest on a throwaway server"
	@echo "make stop   stop the local PostgreSQL that make demo started"
	@echo "make clean  stop it and remove the virtual environment, the data directory and dbt's output"

# The virtual environment, rebuilt when requirements.txt changes.
$(INSTALLED): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo ">>> installing pinned dependencies into $(VENV)"
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# For running dbt yourself; the project's own commands always use profiles.example.yml.
profiles.yml:
	cp profiles.example.yml $@

demo: $(INSTALLED) profiles.yml
	$(BIN)/python -m segmentation.demo

test: lint pytest

# The pre-commit hooks are the one definition of lint: ruff, sqlfluff, whitespace and YAML checks.
lint: $(INSTALLED)
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

pytest: $(INSTALLED)
	$(BIN)/pytest

stop: $(INSTALLED)
	$(BIN)/python -m segmentation.localdb stop

clean:
	-test -x $(BIN)/python && $(BIN)/python -m segmentation.localdb stop
	rm -rf $(VENV) .localdb target logs
