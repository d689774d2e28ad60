# Two entry points: `make play` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test lint fuzz bench validate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The benchmarks also need NegMAS (their reference) and pyinstrument: the `bench` extra.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

play: $(STAMP)
	$(BIN)/roleplay play

test: $(STAMP)
	$(BIN)/roleplay validate --strict scenarios/*.yaml
	$(BIN)/pytest -n auto

# Style and types: ruff and mypy, both configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

fuzz: $(STAMP)
	$(BIN)/python -m tests.run_fuzz --examples 10000

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench

validate: $(STAMP)
	$(BIN)/roleplay validate scenarios/*.yaml

clean:
	rm -rf $(VENV) .pytest_cache
