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
	$(BIN)/python -m compileall -q roleplay
	touch $(STAMP)

# The benchmarks also need NegMAS (their reference) and pyinstrument: the `bench` extra.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m compileall -q roleplay bench
	touch $(BENCH_STAMP)

# An editable install leaves the package's bytecode to be written on first import, which
# PYTHONDONTWRITEBYTECODE forbids: every start would compile every module again. compileall
# writes it whatever that variable says, and Python reads it either way.
play: $(STAMP)
	$(BIN)/python -m compileall -q roleplay
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
