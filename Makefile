# Two commands: `make run` and `make test`. Everything else is a helper.
# Needs only Python 3.11+ and make; Postgres and Redis come from wheels (scripts/devstack.py).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ARGS ?=

.PHONY: run test test-fast bench install services stop lint security format clean-data

## Serve the app with demo data at http://127.0.0.1:8000 (web, Celery worker and beat).
## Ports and data directory: IVH_WEB_PORT, IVH_PG_PORT, IVH_REDIS_PORT, IVH_DATA_DIR.
run: $(STAMP)
	$(PY) scripts/devstack.py run

## The whole suite (browser tests too) on real Postgres and Redis, in a fresh test database;
## what CI runs. Extra pytest arguments: make test ARGS="-k inbox"
test: $(STAMP)
	$(PY) scripts/devstack.py test -- $(ARGS)

## The quick local loop: no browser tests, and the test database is kept between runs (new
## migrations are still applied). After editing an existing migration: make test-fast ARGS=--create-db
test-fast: $(STAMP)
	$(PY) scripts/devstack.py test -- -m "not browser" --reuse-db $(ARGS)

## Every benchmark (bench/) on the national data set (generate_load --children 130000, built
## once per set of migrations and reused) through gunicorn, Postgres and Redis; writes
## bench/results.json and prints the table (docs/scaling.md). Quick runs:
## make bench ARGS="--children 20000 --only inbox,form"
bench: $(STAMP)
	$(PY) scripts/bench.py $(ARGS)

# Re-installs whenever the dependencies change. `python -m venv` on an existing venv is harmless
# and repairs one whose pip is missing (e.g. an earlier attempt without ensurepip).
$(STAMP): pyproject.toml constraints.txt
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv $(VENV)
	@echo "Installing dependencies into $(VENV) ..."
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

install: $(STAMP)

## Start the local Postgres and Redis and leave them running; prints the environment to export.
services: $(STAMP)
	$(PY) scripts/devstack.py services-start

## Stop the local Postgres and Redis (nothing to do without a venv: nothing can have started).
stop:
	@if [ -x $(PY) ]; then $(PY) scripts/devstack.py services-stop; fi

## Style, the one-way imports between apps (.importlinter) and types (mypy, [tool.mypy]).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	$(VENV)/bin/mypy

## Security checks (CI runs them after lint): bandit over the project's Python, where a medium
## or high finding fails unless its reason is recorded, and pip-audit of the pins in
## constraints.txt (skipped with a message when the vulnerability database is out of reach).
## check --deploy, makemigrations --check and the URL x role matrix are tests (`make test`).
security: $(STAMP)
	$(PY) scripts/security_checks.py

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Stop the servers and throw away their data (the next run starts from an empty database).
clean-data: stop
	rm -rf .data

## Load and soak (issue 14, item 5; docs/scaling.md "Load and soak"): parents, coordinators,
## casemanagers and officials (40 locust users) for ten minutes through gunicorn under the
## bench's production settings, on the bench's data set; fails unless nothing failed and the
## workers' memory stayed flat. Writes bench/soak.json. Installs the optional extra `soak`
## (locust) first; `make test` and CI never do. Quick: make soak ARGS="--minutes 1 --children 3000"
.PHONY: soak
soak: $(STAMP)
	@$(PY) -c "import importlib.util as u, sys; sys.exit(u.find_spec('locust') is None)" \
		|| $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[soak]'
	$(PY) scripts/bench.py --module bench.soak $(ARGS)
