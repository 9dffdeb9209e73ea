# KlimaOrg: two commands on a fresh Debian/Ubuntu machine.
#   make run   - install (venv, pinned) and serve the web app on http://127.0.0.1:8000 (SQLite)
#   make test  - install everything (incl. Chromium) and run all checks and tests
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
KERN_DIST := node_modules/@kern-ux/native/dist
KERN_STATIC := src/klimaorg/web/static/vendor/kern

.PHONY: run test install install-dev assets system-deps lint typecheck pytest bench lock docs-cli clean

run: install assets
	$(BIN)/klimaorg db upgrade && $(BIN)/klimaorg serve --host $(HOST) --port $(PORT)

test: system-deps install-dev assets lint typecheck pytest

$(BIN)/python:
	bash scripts/setup-system.sh runtime
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip==26.3

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(BIN)/pip install -q -c requirements/constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install -q -c requirements/constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# KERN UX stylesheet and fonts (EUPL-1.2), pinned in package-lock.json, copied into the package.
assets: $(KERN_STATIC)/kern.min.css

$(KERN_STATIC)/kern.min.css: package.json package-lock.json
	@command -v npm >/dev/null || bash scripts/setup-system.sh runtime
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(KERN_STATIC) && mkdir -p $(KERN_STATIC)
	cp $(KERN_DIST)/kern.min.css $(KERN_STATIC)/
	cp -r $(KERN_DIST)/fonts $(KERN_STATIC)/fonts
	rm -rf src/klimaorg/web/static/vendor/swagger && mkdir -p src/klimaorg/web/static/vendor/swagger
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css src/klimaorg/web/static/vendor/swagger/

# Chromium for browser tests, poppler for PDF checks, PostgreSQL started for storage tests.
system-deps:
	bash scripts/setup-system.sh

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -n 2 --dist loadgroup

bench: install-dev assets
	bash scripts/setup-system.sh bench
	$(BIN)/python bench/run.py

lock:
	$(BIN)/pip freeze --exclude-editable | sed '1i # Every package of the tree, pinned: what CI tested. Regenerate with `make lock`.' > requirements/constraints.txt

docs-cli: install
	$(BIN)/python -m klimaorg.cli.docgen > docs/cli.md

clean:
	rm -rf $(VENV) node_modules $(KERN_STATIC) .pytest_cache .mypy_cache .ruff_cache
