# Set-up and everyday commands. `make serve` and `make test` are the README's two commands:
# each creates the virtual environment and installs the pinned dependencies when needed.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test bench

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

test: setup  ## the whole test suite
	$(BIN)/pytest

bench: setup  ## hook build vs plain MkDocs build of the same pages
	$(BIN)/python benchmarks/build_ratio.py
