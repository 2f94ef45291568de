# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)

.PHONY: install setup run serve worker test test-fast test-postgres bench lint format messages lock \
	clean

# Virtualenv with the exact pinned dependencies; reinstalled when requirements.txt changes.
$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# Local database (SQLite under var/ unless DATABASE_URL is set), demo data and demo login.
setup: install
	@mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py create_demo_organiser

run: setup
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production mode on this machine: DEBUG off, gunicorn, WhiteNoise's hashed and compressed
# static files. SQLite in var/ and local memory unless DATABASE_URL / REDIS_URL are set.
# Plain HTTP on loopback, so the HTTPS redirect is off; everything else is as in production
# (the admin asks for a one-time password: `manage.py add_totp_device USERNAME`).
PROD_ENV = DEBUG=0 \
	SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret-key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" \
	SERVE_MEDIA="$${SERVE_MEDIA:-1}" \
	EMAIL_DELIVERY="$${EMAIL_DELIVERY:-on_commit}" \
	SITE_URL="$${SITE_URL:-http://localhost:$(PORT)}"

# A random key kept for this machine's `make serve` (git-ignored, like the rest of var/).
var/secret-key:
	@mkdir -p var
	@# Each start writes a key of its own to a temporary file, whole, then links it into
	@# place only if no key is there yet (ln never overwrites): a `make serve` and a
	@# `make worker` started together on a fresh checkout both read the one key that won.
	@umask 077 && new=$$(mktemp var/secret-key.XXXXXX) \
		&& $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > "$$new" \
		&& { ln "$$new" $@ 2>/dev/null || test -s $@; }; status=$$?; rm -f "$$new"; exit $$status

serve: install var/secret-key
	$(PROD_ENV) $(BIN)/python manage.py migrate --noinput
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving http://localhost:$(PORT) (production settings; Ctrl-C stops)"
	$(PROD_ENV) PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py conference.wsgi

# The mail worker: sends queued emails outside web requests (set EMAIL_DELIVERY=worker
# for the web processes to leave every email to it). One per site is enough.
worker: install var/secret-key
	$(PROD_ENV) $(BIN)/python manage.py send_queued_emails --loop

# The tests run in one process per core (pytest-xdist, each with its own test database
# and browser); PYTEST_WORKERS=0 runs them in this process, e.g. to use a debugger.
PYTEST_WORKERS ?= auto
# Python caches compiled modules (and pytest its rewritten test modules) in __pycache__,
# git-ignored: a machine that sets PYTHONDONTWRITEBYTECODE (containers often do) would
# otherwise compile every module again in every worker of every run, ~7 s each here.
PYTEST = PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(PYTEST_WORKERS)

test: install
	$(PYTEST) $(PYTEST_ARGS)

# The suite without the browser tests (tests/browser: Chromium, axe, the HTML checker).
test-fast: install
	$(PYTEST) -m "not browser" $(PYTEST_ARGS)

# The same suite on PostgreSQL (pytest-django creates and drops test_<name>_gw<N>, one
# per worker) with Redis for the tests that start app servers. .ci/run runs both `test`
# and this.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL    ?= redis://127.0.0.1:6379/0
test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) \
		$(PYTEST) $(PYTEST_ARGS)

# Benchmarks: starts its own gunicorn, Redis and PostgreSQL database (conference_bench),
# measures, stops them and rewrites benchmarks/RESULTS.md (see benchmarks/README.md).
bench: install
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p var
	@# A model change without its migration fails here, not on a server.
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Japanese catalogues from the code (needs gettext): each app with a locale/
# folder gets its own strings, everything else goes to the project's locale/. Then
# translate the new entries and `make messages` again to compile them.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l ja --no-location --no-obsolete \
		--ignore var --ignore tests --ignore static --ignore benchmarks --ignore deploy
	DEBUG=1 $(BIN)/python manage.py compilemessages -l ja --ignore var --ignore .venv

# Re-resolve requirements.in into the exact pins of requirements.txt.
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/python -m pip install --quiet -r requirements.in
	(echo "# Generated by 'make lock' from requirements.in: exact versions installed by make."; \
	 var/lockenv/bin/python -m pip freeze) > requirements.txt
	rm -rf var/lockenv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
