# Goodword: `make run` starts the site with a demo network, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
ENGINE := $(wildcard trust_engine/pyproject.toml)

.PHONY: run test test-tools lint install messages bench bench-web clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(ENGINE) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]' $(if $(ENGINE),-e './trust_engine[test]')
	touch $@

install: $(VENV)/.installed

messages: install
	@if command -v msgfmt >/dev/null 2>&1; then DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv' -v 0; \
	else echo "msgfmt not found: using the committed translation catalogues"; fi

run: install messages
	DEBUG=1 PORT=$(PORT) BIN=$(BIN) scripts/run.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(BIN)/lint-imports --no-cache

# axe-core for the browser tests' accessibility check (package.json; installing needs npm).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Chromium, npm, msgfmt and wrk first: the steps after it need them.
test-tools:
	scripts/ensure_test_tools.sh

test: test-tools install messages lint node_modules/.package-lock.json
	$(BIN)/python -m pytest -q trust_engine/tests bench/tests goodword e2e

bench: install
	$(BIN)/python -m pip install --quiet igraph networkx
	mkdir -p bench/results
	$(BIN)/python bench/trust_eval.py --config bench/configs/trust_eval.json --out bench/results/trust_eval.json
	$(BIN)/python bench/trust_speed.py --config bench/configs/trust_speed.json

# Web load at 100k members: needs DATABASE_URL pointing at an empty PostgreSQL database.
bench-web: install
	$(BIN)/python bench/web_load.py --prepare --members 100000 --seed 1 --write-docs

clean:
	rm -rf $(VENV) var staticfiles node_modules
