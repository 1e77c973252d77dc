# beampy developer tasks (GNU make). Only python3 (with venv + pip) and PyPI are needed.
#
#   make test                 lint + format check + mypy (strict) + pytest; what CI runs
#   make lint                 ruff check
#   make format               ruff format (+ safe autofixes such as import sorting)
#   make typecheck            mypy --strict on beampy/ and tests/
#   make pytest               pytest only (PYTEST_ARGS="-k foo" to narrow)
#   make demo                 run docs/examples/demo.py
#   make bench [BENCH=name]   run benchmarks/run.py
#   make bench SUITE=savina [BENCH=name] [SIZE=smoke|small|default]
#                             the Savina suite (benchmarks/savina/run.py)
#   make conformance-record   re-record the Elixir reference traces
#   make lock                 regenerate .ci/constraints.txt from pyproject's ranges and pins
#   make clean                remove the venv, caches and build output

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
CONSTRAINTS := .ci/constraints.txt
STAMP := $(VENV)/.installed

# Hard cap for the pytest step (seconds). On expiry pytest gets SIGINT, so it still prints
# where it was stuck and which tests ran; the whole `make test` must stay under 10 minutes.
PYTEST_TIMEOUT ?= 480
PYTEST_ARGS ?=
BENCH ?=
SUITE ?=
SIZE ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: test lint format-check format typecheck pytest demo bench conformance-record \
        install lock clean

# --- environment -------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the declared dependencies change.
# The distribution was named "beampy" before it became beampy-otp: a .venv made then still has
# that install, and the checkout its ./beampy.egg-info; both go, so that only beampy-otp
# provides the package (tests/test_packaging.py checks it).
$(STAMP): pyproject.toml $(CONSTRAINTS) | $(PY)
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	if $(PY) -m pip show --quiet beampy >/dev/null 2>&1; then \
	    $(PY) -m pip uninstall --quiet --yes beampy; fi
	rm -rf beampy.egg-info
	touch $@

install: $(STAMP)

# --- checks ------------------------------------------------------------------

test: lint format-check typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .

format-check: $(STAMP)
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy beampy tests docs/examples

pytest: $(STAMP)
	timeout --signal=INT --kill-after=30 $(PYTEST_TIMEOUT) $(BIN)/pytest $(PYTEST_ARGS)

format: $(STAMP)
	$(BIN)/ruff check --fix-only .
	$(BIN)/ruff format .

# --- running things ----------------------------------------------------------

demo: $(STAMP)
	$(PY) docs/examples/demo.py

bench: $(STAMP)
ifeq ($(SUITE),savina)
	$(PY) -m benchmarks.savina.run $(BENCH) $(if $(SIZE),--size $(SIZE))
else
	$(PY) benchmarks/run.py $(BENCH)
endif

conformance-record: $(STAMP)
	bash tests/conformance/record.sh

# --- maintenance -------------------------------------------------------------

# Resolve pyproject's runtime ranges and dev pins afresh in a scratch venv (the newest versions
# inside the ranges) and write the full lock.
lock:
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/pip" install --quiet '.[dev]'; \
	{ echo "# Full pinned lock for the dev environment (pip freeze of pyproject's runtime ranges +"; \
	  echo "# dev pins, excluding beampy-otp itself). Regenerate with: make lock"; \
	  "$$tmp/venv/bin/pip" freeze --exclude beampy-otp; } > $(CONSTRAINTS)
	@echo "wrote $(CONSTRAINTS)"

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis
	find . -path ./.git -prune -o -name '*.egg-info' -prune -exec rm -rf {} + \
	    -o -name __pycache__ -prune -exec rm -rf {} +
