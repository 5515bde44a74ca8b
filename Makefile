# The README's commands. Everything is installed into .venv from uv.lock; nothing global.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
PY := .venv/bin/python
DEV := SPOLU_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test bench install lint format typecheck check reset code messages browser serve

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	touch $@

install: .venv/.installed

## make run: set everything up (first time) and serve the demo at http://$(HOST):$(PORT)/
run: install
	mkdir -p "$${SPOLU_VAR_DIR:-var}"
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py seed_demo --if-empty
	@echo
	@$(DEV) $(PY) manage.py demo_logins
	@echo
	@echo "Spolu is starting at http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (SQLite, or PostgreSQL when DATABASE_URL says so)
test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

## make bench: performance benchmarks on PostgreSQL (outside the test suite)
bench: install
	$(PY) -m bench $(BENCH_ARGS)

# The browser tests drive Debian's chromium; install it when it is missing (CI runs as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

typecheck: install
	$(PY) -m mypy spolu bench

## make code USER=coordinator: the current two-factor code of a demo user
code: install
	@$(DEV) $(PY) manage.py totp_code $(USER)

## make reset: throw away the local demo database and uploaded files
reset:
	rm -rf var/spolu.sqlite3 var/spolu.sqlite3-wal var/spolu.sqlite3-shm var/media

## make messages: extract translatable strings into every app's locale/*.po and compile them
messages: install
	for app in spolu/*/; do \
		if [ -d "$$app/locale" ]; then (cd "$$app" && $(DEV) ../../$(PY) ../../manage.py makemessages --no-obsolete --no-location -l cs $$( [ -f "$$app/.portal" ] && echo "-l uk -l ru -l vi" )); fi; \
	done
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv --ignore=.tools
