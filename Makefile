# The two commands of the README's quick start, and what they need. Each creates the virtual
# environment on first use, so both work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint

$(BIN)/unspin: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

demo: $(BIN)/unspin
	$(BIN)/unspin analyze examples/article.txt --published 2024-03-24

test: $(BIN)/unspin
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest

lint: $(BIN)/unspin
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
