# Two jobs, each from a fresh clone with nothing installed by hand:
#   make check   run the conformance checker over the bundled examples (advisory: the
#                nonconformant examples are reported, not treated as a failure)
#   make test    the whole test suite (what .ci/run runs)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: check test lint typecheck regen bench

$(STAMP): pyproject.toml setup.py
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

check: $(STAMP)
	$(VENV)/bin/mm7 check --advisory examples/

lint: $(STAMP)
	$(PY) -m ruff check mm7codec tools tests bench examples
	$(PY) -m ruff format --check mm7codec tools tests bench examples

typecheck: $(STAMP)
	$(PY) -m mypy

test: $(STAMP) lint typecheck
	$(PY) tools/schemas.py check
	$(PY) tools/bindings.py check
	$(PY) tools/fastpath.py check
	$(PY) -m pytest

regen: $(STAMP)
	$(PY) tools/schemas.py emit
	$(PY) tools/bindings.py generate
	$(PY) tools/fastpath.py generate

bench: $(STAMP)
	$(PY) bench/bench_codec.py
