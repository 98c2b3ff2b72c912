# Set-up and everyday commands. `make serve` and `make test` are the README's two commands:
# each creates the virtual environment and installs the locked dependencies when needed.
# System packages (Chromium, Node) are not installed here: `.ci/run` installs them on a
# clean Debian machine; `make test` only says what is missing.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test lint bench bench-esco lock tools

# Every dependency, direct or not, at the version and hashes of requirements.lock; then the
# project itself, built with the locked setuptools (no unchecked download), and a consistency
# check of the lock against pyproject.toml's ranges.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --requirement requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --editable .
	$(BIN)/pip check
	touch $@

setup: $(VENV)/.installed

serve: setup  ## preview the site at http://127.0.0.1:8000/, rebuilt on every change
	$(BIN)/mkdocs serve --livereload

build: setup  ## build the site into site/, failing on any warning
	$(BIN)/mkdocs build --strict

check: setup  ## validate the sources without building
	$(BIN)/referentiel check

test: setup tools node_modules/.package-lock.json  ## the whole test suite, browser tests included
	$(BIN)/pytest

lint: setup  ## the gates: strict typing and lint of the code, tests and benchmarks
	$(BIN)/mypy
	$(BIN)/ruff check

# The browser tests (tests/browser/) need Debian's Chromium and axe-core (npm). Nothing is
# installed here: without them the browser tests are skipped, and fail when CI=true.
tools:
	@command -v chromium >/dev/null 2>&1 || echo "chromium is missing: the browser tests will be skipped" \
		"(failed if CI=true). Install it: sudo apt-get install chromium chromium-driver (or run .ci/run as root)" >&2
	@command -v soffice >/dev/null 2>&1 || echo "soffice is missing: the LibreOffice CSV test will be skipped" \
		"(failed if CI=true). Install it: sudo apt-get install libreoffice-calc (or run .ci/run as root)" >&2
	@command -v npm >/dev/null 2>&1 || echo "npm is missing: axe-core cannot be installed, the browser tests" \
		"will be skipped (failed if CI=true). Install it: sudo apt-get install nodejs npm (or run .ci/run as root)" >&2

# axe-core, pinned in package-lock.json, for the accessibility checks of the browser tests.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; fi

bench: setup  ## hook build vs plain MkDocs build of the same pages (SIZE competencies, default 1000)
	$(BIN)/python benchmarks/build_ratio.py --competencies $(or $(SIZE),1000)

bench-esco: setup  ## synthetic frameworks shaped like ESCO (SIZES="1k 5k full", default 1k): build, search, serve
	nice $(BIN)/python benchmarks/esco_shape.py $(foreach size,$(or $(SIZES),1k),--size $(size))

# Regenerate requirements.lock from pyproject.toml's ranges (pip-tools in a venv of its own).
# `make lock UPGRADE=--upgrade` moves every pin to the newest version the ranges allow.
lock:
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet pip-tools==7.6.2
	$(VENV)-lock/bin/pip-compile --quiet --extra test --all-build-deps --allow-unsafe --generate-hashes \
		--strip-extras --no-emit-index-url --no-emit-find-links $(UPGRADE) --output-file requirements.lock pyproject.toml
