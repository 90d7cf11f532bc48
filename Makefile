# TICMS — every set-up step lives here, so a fresh Debian machine needs only `make run` / `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
APT_PACKAGES := gettext fonts-noto-cjk chromium
# Development machine: DEBUG on (the demo, the development keys) unless the environment says
# otherwise. Production runs manage.py itself with DEBUG unset (README, Deploy); the tests
# choose their own settings (ticms/settings_test.py).
export DEBUG ?= 1
# Two workers: the machines have two cores (pytest-xdist; one database per worker).
PYTEST_ARGS ?= -n 2
MAKEMESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=var --ignore=test-artifacts --ignore="*/tests/*" --ignore="ticms/e2e/*"

.PHONY: run test lint format check install system-deps python-deps frontend-deps messages migrate demo clean i18n-check bench

run: install migrate demo
	@echo "TICMS on http://$(HOST):$(PORT)/ with the task worker and the hourly reminder queue; Ctrl-C stops all."
	@$(PY) manage.py db_worker --queue-name default & worker=$$!; \
	  $(PY) manage.py send_reminders --every 3600 >/dev/null & scheduler=$$!; \
	  trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT; \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT) || true

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: python-deps
	$(VENV)/bin/ruff check ticms
	$(VENV)/bin/ruff format --check ticms

format: python-deps
	$(VENV)/bin/ruff format ticms
	$(VENV)/bin/ruff check --fix ticms

# Everything CI checks except the test runs: run before every commit.
check: lint i18n-check
	$(PY) manage.py makemigrations --check --dry-run -v 0

install: system-deps python-deps frontend-deps messages

# Debian packages: msgfmt for translations, a CJK font, Chromium for the browser tests; venv
# support for the Python, and Node.js with npm for the front-end files, when they are missing.
system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || test -x $(PY) || missing="$$missing python3-venv"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing Debian packages:$$missing (run as root, or: sudo apt-get install$$missing)"; \
	  fi; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

python-deps: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (as root: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend-deps: node_modules/.installed

messages: python-deps
	@if command -v msgfmt >/dev/null; then \
	  $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; \
	else echo "msgfmt not found: pages will show the Chinese source text only"; fi

migrate: python-deps
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py seed_demo

# Every user-facing string has an English translation.
i18n-check: python-deps
	$(PY) manage.py makemessages -l en --no-location $(MAKEMESSAGES_IGNORE) -v 0
	@po=ticms/locale/en/LC_MESSAGES/django.po; \
	missing=$$( { msgattrib --untranslated --no-obsolete $$po; msgattrib --only-fuzzy --no-obsolete $$po; } \
	  | grep '^msgid ' | grep -vc '^msgid ""$$' || true); \
	if [ "$$missing" -gt 0 ]; then echo "$$missing strings lack an English translation (untranslated or fuzzy):"; \
	  msgattrib --untranslated --no-obsolete $$po | grep -A1 '^msgid '; msgattrib --only-fuzzy --no-obsolete $$po | grep -A1 '^msgid '; exit 1; fi
	msgfmt --check -o /dev/null ticms/locale/en/LC_MESSAGES/django.po

# The benchmark of issue 10 on its own database (var/bench.sqlite3; `make bench
# DATABASE_URL=postgres://...` for PostgreSQL): migrates and runs seed_scale when the database has
# no center yet, then prints the table. More options: BENCH_ARGS="--runs 5 --json var/bench.json".
BENCH_CENTERS ?= 5000
BENCH_ARGS ?=
ifeq ($(origin DATABASE_URL),command line)
BENCH_DATABASE_URL := $(DATABASE_URL)
else
BENCH_DATABASE_URL := sqlite:///$(CURDIR)/var/bench.sqlite3
endif

# The scale data holds ten years of reports: all of them are years TICMS takes reports for.
bench: python-deps
	@mkdir -p var
	TICMS_ANNUAL_REPORTS_FROM=$$(( $$(date +%Y) - 9 )) \
	  DATABASE_URL='$(BENCH_DATABASE_URL)' $(PY) manage.py bench --seed-centers $(BENCH_CENTERS) --seed-years 10 $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var
