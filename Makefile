# Both targets bootstrap their own environment: a fresh clone needs only
# Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test postgresql lint bench snapshot-update clean catalog fuzz

# constraints.txt pins every package a fresh install gets, so a new release
# upstream never turns a fresh clone red; upgrade a pin on purpose.
PIP_VERSION := 26.3

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip==$(PIP_VERSION)'
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,encrypted,team]'
	touch $(STAMP)

## Open Regie on the fictional demo caseload.
run: $(STAMP)
	$(BIN)/regie-tui --demo

## Run the whole test suite (lint included). The team-store tests start their own
## throwaway PostgreSQL server; only its programs must be installed.
test: $(STAMP) postgresql
	$(BIN)/ruff check regie_tui tests bench tools
	$(BIN)/python -m pytest -q

# The PostgreSQL server programs (Debian: postgresql). Installed here when missing
# and allowed (root, as in CI); otherwise say how. Never skipped.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	       && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
	  || { echo "The team-store tests need PostgreSQL's server programs: install the 'postgresql' package." >&2; exit 1; }

lint: $(STAMP)
	$(BIN)/ruff check regie_tui tests bench tools

snapshot-update: $(STAMP)
	$(BIN)/python -m pytest -q tests/ui --snapshot-update

clean:
	rm -rf $(VENV) .pytest_cache

## Compile the Dutch catalog after editing regie.po.
catalog: $(STAMP)
	$(BIN)/python tools/catalog.py compile
	$(BIN)/python tools/catalog.py check

## Search fresh random examples for the property and fuzz tests (50x the suite's).
fuzz: $(STAMP)
	REGIE_HYPOTHESIS_PROFILE=fuzz REGIE_FUZZ_SCALE=$${REGIE_FUZZ_SCALE:-50} \
	  $(BIN)/python -m pytest -q tests/unit/test_rules_properties.py \
	  tests/unit/test_fuzz_validators.py tests/unit/test_exchange_robustness.py
