# The two commands a new user needs: `make serve` and `make test`. Both set up .venv idempotently.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= $(or $(CHUJING_DATA_DIR),.chujing)

.PHONY: serve test index lint bench eval clean venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel
	$(BIN)/pip install -q -e '.[test,st]'
	touch $(STAMP)

venv: $(STAMP)

# Builds the search index only when none is there yet.
$(DATA_DIR)/index/CURRENT: | $(STAMP)
	$(BIN)/chujing index build

index: $(STAMP)
	$(BIN)/chujing index build

serve: $(STAMP) $(DATA_DIR)/index/CURRENT
	$(BIN)/chujing serve --host 127.0.0.1 --port 8000

test: $(STAMP) $(DATA_DIR)/index/CURRENT
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q
	$(BIN)/chujing eval

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

eval: $(STAMP) $(DATA_DIR)/index/CURRENT
	$(BIN)/chujing eval

bench: $(STAMP) $(DATA_DIR)/index/CURRENT
	$(BIN)/python -m evals.bench

clean:
	rm -rf $(DATA_DIR) .pytest_cache .mypy_cache .ruff_cache
