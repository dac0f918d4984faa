# Korgoo: the two commands a new machine needs (README, "Two commands").
#   make demo        the system with demo data on the embedded database (PORT, KORGOO_DATA_DIR);
#                    installs only what it needs to run (requirements.lock)
#   make test        everything CI runs: lint, types, layers, migrations, translations, the test suite
#                    on SQLite and on a throwaway PostgreSQL, the browser tests in headless Chromium;
#                    installs the development tools too (requirements-dev.lock)
#   make test-clock  the suite (SQLite, no browser) with the machine's clock moved 400 days ahead
#                    and 30 days back
#   make screens     the worker's pages at phone size in Kyrgyz, as docs/screens/ shows them
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
KORGOO_DATA_DIR ?= ./var
export PORT KORGOO_DATA_DIR

.PHONY: demo test test-clock screens prereqs install install-dev system-packages test-system-packages messages \
	check-translations lint clean

prereqs:
	@scripts/check_prereqs.sh $(PYTHON)

# The installer (ADR 0021): uv, pinned by its hashes, put in the virtualenv by the virtualenv's own
# pip; it then installs every other package from the hashed locks, downloading and compiling in
# parallel.
UV := $(VENV)/bin/uv
UV_INSTALL := $(UV) pip install --quiet --python $(PY) --compile-bytecode

# What the application needs to run.
$(VENV)/.installed: requirements.lock requirements-uv.lock pyproject.toml | prereqs
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-uv.lock
	$(UV_INSTALL) --require-hashes -r requirements.lock
	$(UV_INSTALL) --no-deps -e .
	@touch $@

# ... and the development tools: tests, linters, type checker, the browser driver.
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(UV_INSTALL) --require-hashes -r requirements-dev.lock
	@touch $@

install: system-packages $(VENV)/.installed messages

install-dev: install $(VENV)/.installed-dev

# Debian packages the application needs at run time: gettext compiles the translations, Pango and
# DejaVu fonts (which carry ң ө ү) let WeasyPrint write PDFs.
system-packages:
	@scripts/apt_ensure.sh msgfmt:gettext dpkg:libpango-1.0-0 dpkg:libpangoft2-1.0-0 dpkg:fonts-dejavu-core

# ... and what the tests need: Chromium in its headless build for the browser tests (ADR 0018),
# faketime to move the clock, and, for
# the tests alone (installed without starting or enabling their services), a PostgreSQL server,
# pgBackRest for the restore drill and nginx for the deployment test.
test-system-packages: system-packages
	@scripts/apt_ensure.sh chromium-headless-shell:chromium-headless-shell faketime:faketime
	@scripts/apt_ensure.sh --test-only initdb:postgresql pgbackrest:pgbackrest nginx:nginx-light

messages: $(VENV)/.installed
	@cd korgoo && ../$(PY) -m django compilemessages --settings=korgoo.config.settings.test -v 0

demo: install
	exec $(VENV)/bin/korgoo demo --port $(PORT) --data-dir $(KORGOO_DATA_DIR)

test: install-dev test-system-packages
	@scripts/test.sh

test-clock: install-dev test-system-packages
	@scripts/test.sh clock

# The worker journeys in the browser, each page photographed at 360×740 into docs/screens/.
SCREEN_JOURNEYS := korgoo/e2e/tests/test_worker_journey.py korgoo/e2e/tests/test_first_contact_journey.py

screens: install-dev test-system-packages
	KORGOO_E2E_SHOTS=docs/screens DJANGO_SETTINGS_MODULE=korgoo.config.settings.test \
		DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q $(SCREEN_JOURNEYS)

check-translations: $(VENV)/.installed-dev
	@$(PY) scripts/check_translations.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check korgoo benchmarks scripts
	$(VENV)/bin/ruff format --check korgoo benchmarks scripts

clean:
	rm -rf $(VENV) var build *.egg-info
	find korgoo -name '*.mo' -delete
