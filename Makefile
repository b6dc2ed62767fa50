# GovHall — the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/govhall
export DJANGO_SETTINGS_MODULE := govhall.settings
export PYTHONPATH := src

# Development runs with DEBUG on (fixed development keys); tests use a throwaway SECRET_KEY and the development
# encryption keys (the test suite starts no server, and only servers insist on real keys).
demo run: export DEBUG := true
typecheck test-sqlite test-postgres messages: export SECRET_KEY := test-only-not-secret

.PHONY: run test lint typecheck test-sqlite test-postgres bench chaos setup assets demo messages clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed assets

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed
	@mkdir -p src/govhall/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js src/govhall/static/vendor/
	cp node_modules/echarts/dist/echarts.min.js src/govhall/static/vendor/
	cp node_modules/axe-core/axe.min.js src/govhall/static/vendor/
	cp node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui.css.map node_modules/swagger-ui-dist/swagger-ui-bundle.js src/govhall/static/vendor/

demo: setup
	scripts/system-deps pdf
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

run: demo
	PORT=$(PORT) scripts/serve

# lint-imports checks the layers of docs/architecture.md and that no module uses another's _private name (lint/).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench lint
	$(VENV)/bin/ruff format --check src tests bench lint
	PYTHONPATH=src:lint $(VENV)/bin/lint-imports

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

# makemigrations runs with DEBUG=true: its system checks use the development keys (DEBUG off insists on real ones).
test-sqlite: setup
	scripts/system-deps chromium pdf
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL= $(VENV)/bin/pytest -n 2 -q

test-postgres: setup
	scripts/ensure-services
	scripts/system-deps chromium pdf
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n 2 -q

test: lint typecheck test-sqlite test-postgres

bench: setup
	scripts/system-deps wrk
	scripts/ensure-services
	$(PY) bench/run.py

# Submissions under faults (kill -9 of web and task workers, PostgreSQL restarts) in a PostgreSQL cluster of its own
# (var/chaos-pg, port 5433); prints what was lost, doubled or never sent (docs/performance.md, "Fault injection").
chaos: $(VENV)/.installed
	scripts/system-deps pdf
	$(PY) bench/chaos.py $(CHAOS_ARGS)

messages: $(VENV)/.installed
	cd src/govhall && ../../$(PY) ../../manage.py makemessages -l en --no-obsolete && ../../$(PY) ../../manage.py compilemessages

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3* src/govhall/static/vendor
