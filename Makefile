# Set-up and everyday commands. `make serve` and `make test` are the README's two commands:
# each creates the virtual environment and installs the pinned dependencies when needed.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test bench browser

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --constraint requirements.lock --editable '.[test]'
	touch $@

setup: $(VENV)/.installed

serve: setup  ## preview the site at http://127.0.0.1:8000/, rebuilt on every change
	$(BIN)/mkdocs serve --livereload

build: setup  ## build the site into site/, failing on any warning
	$(BIN)/mkdocs build --strict

check: setup  ## validate the sources without building
	$(BIN)/referentiel check

test: setup browser node_modules/.package-lock.json  ## the whole test suite, browser tests included
	$(BIN)/pytest

# Debian's Chromium, for the browser tests (tests/browser/): installed when missing, as root
# (CI runs as root). Without it the browser tests are skipped, and fail when CI=true.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium for the browser tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else \
		echo "chromium is missing and cannot be installed here (needs root and apt-get): the browser" \
			"tests will be skipped (failed if CI=true). Install it: sudo apt-get install chromium chromium-driver" >&2; \
	fi

# axe-core, pinned in package-lock.json, for the accessibility checks of the browser tests.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; else \
		echo "npm is missing: axe-core cannot be installed, the browser tests will be skipped (failed if CI=true)" >&2; fi

bench: setup  ## hook build vs plain MkDocs build of the same pages
	$(BIN)/python benchmarks/build_ratio.py
