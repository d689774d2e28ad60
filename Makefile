# Two entry points: `make play` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test fuzz validate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/roleplay play

test: $(STAMP)
	$(BIN)/roleplay validate --strict scenarios/*.yaml
	$(BIN)/pytest

fuzz: $(STAMP)
	$(BIN)/python -m tests.run_fuzz --examples 10000

validate: $(STAMP)
	$(BIN)/roleplay validate scenarios/*.yaml

clean:
	rm -rf $(VENV) .pytest_cache
