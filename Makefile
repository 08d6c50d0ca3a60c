# `make run` and `make test` set up everything they need; the second time they are quick.
SHELL := /bin/bash
# Bytecode caches are written even where the environment turns them off (PYTHONDONTWRITEBYTECODE):
# without them every process of a run compiles the harness again, and every pytest session
# rewrites the asserts of every test module again (a test run starts some hundred of each).
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup chromium allure postgres maildev oscar tinyproxy recording bench clean

run: setup
	$(VENV)/bin/harness run

test: setup postgres maildev oscar tinyproxy recording
	$(PY) -m pytest -n 4 --dist loadfile --no-loadscope-reorder -q

setup: $(STAMP) chromium allure

$(STAMP): pyproject.toml storefront/pyproject.toml
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required" >&2; exit 2; }
	@python3 -m venv $(VENV) 2>/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && python3 -m venv $(VENV); }
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ./storefront -e '.[storefront,test]'
	@touch $@

chromium:
	@scripts/ensure-chromium

allure:
	@scripts/ensure-allure

postgres:
	@scripts/ensure-postgres

maildev:
	@scripts/ensure-maildev

oscar:
	@scripts/ensure-oscar

# The next two are not fatal (the leading -): without them the tests that need them are skipped, each saying why.
tinyproxy:
	-@scripts/ensure-tinyproxy

# a browser window (--headed, under Xvfb) and videos (--video): the tests of pytest-playwright's flags
recording:
	-@scripts/ensure-headed
	-@scripts/ensure-ffmpeg

bench: setup
	$(PY) benchmarks/storefront.py

clean:
	rm -rf $(VENV) .tools reports
