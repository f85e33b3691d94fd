# Two jobs, each from a fresh clone with nothing installed by hand:
#   make check   run the conformance checker over the bundled examples (advisory: the
#                nonconformant examples are reported, not treated as a failure)
#   make test    the whole test suite (what .ci/run runs, with make test-lowest)
# make test-lowest installs the runtime dependencies at their declared lower bounds in a
# second venv and runs the codec tests there, so that those bounds stay true.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

LOWEST_VENV ?= .venv-lowest
LOWEST_STAMP := $(LOWEST_VENV)/.installed-stamp
LOWEST_TESTS := tests/test_codec_roundtrip.py tests/test_convert.py tests/test_lenient.py \
	tests/test_mime.py tests/test_http.py tests/test_responses.py tests/test_hostile.py \
	tests/test_checker.py tests/test_cli.py tests/test_dictionary.py

.PHONY: check test test-lowest lint typecheck regen bench bench-checker

$(STAMP): pyproject.toml setup.py
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(LOWEST_STAMP): pyproject.toml setup.py tools/lowest.py
	python3 -m venv $(LOWEST_VENV)
	$(LOWEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	python3 tools/lowest.py > $(LOWEST_VENV)/constraints.txt
	$(LOWEST_VENV)/bin/python -m pip install --quiet --constraint $(LOWEST_VENV)/constraints.txt -e ".[test]"
	touch $(LOWEST_STAMP)

test-lowest: $(LOWEST_STAMP)
	$(LOWEST_VENV)/bin/python -m pip list --format=freeze | grep -E '^(xsdata|lxml)=='
	$(LOWEST_VENV)/bin/python -m pytest -q -p no:cacheprovider $(LOWEST_TESTS)

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

bench-checker: $(STAMP)
	$(PY) bench/bench_checker.py
