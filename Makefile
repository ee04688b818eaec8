# Two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install services stop lint format clean-data

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Serve the app with demo data at http://127.0.0.1:8000 (web, Celery worker and beat).
run: $(STAMP)
	$(PY) scripts/devstack.py run

## The whole suite on real Postgres and Redis. Extra pytest arguments: make test ARGS="-k inbox"
test: $(STAMP)
	$(PY) scripts/devstack.py test -- $(ARGS)

services: $(STAMP)
	$(PY) scripts/devstack.py services-start

stop: $(STAMP)
	$(PY) scripts/devstack.py services-stop

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean-data: stop
	rm -rf .data
