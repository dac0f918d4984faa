# Korgoo: the two commands a new machine needs.
#   make demo   the system with demo data on the embedded database (PORT, KORGOO_DATA_DIR)
#   make test   everything CI runs: lint, types, layers, migrations, translations, the test suite on
#               SQLite and on a throwaway PostgreSQL, and the browser tests in headless Chromium.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
KORGOO_DATA_DIR ?= ./var
export PORT KORGOO_DATA_DIR

.PHONY: demo test install system-packages test-system-packages messages check-translations lint clean

$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: system-packages $(VENV)/.installed messages

# Debian packages the application needs at run time: gettext compiles the translations, Pango and
# DejaVu fonts (which carry ң ө ү) let WeasyPrint write PDFs.
system-packages:
	@scripts/apt_ensure.sh msgfmt:gettext dpkg:libpango-1.0-0 dpkg:libpangoft2-1.0-0 dpkg:fonts-dejavu-core

# ... and what the tests need: a PostgreSQL server, pgBackRest for the restore drill, nginx for the
# deployment test, Chromium for the browser tests.
test-system-packages: system-packages
	@scripts/apt_ensure.sh initdb:postgresql pgbackrest:pgbackrest nginx:nginx-light chromium:chromium

messages: $(VENV)/.installed
	@cd korgoo && ../$(PY) -m django compilemessages --settings=korgoo.config.settings.test -v 0

demo: install
	$(VENV)/bin/korgoo demo --port $(PORT) --data-dir $(KORGOO_DATA_DIR)

test: install test-system-packages
	@scripts/test.sh

check-translations: $(VENV)/.installed
	@$(PY) scripts/check_translations.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check korgoo benchmarks scripts
	$(VENV)/bin/ruff format --check korgoo benchmarks scripts

clean:
	rm -rf $(VENV) var build *.egg-info
	find korgoo -name '*.mo' -delete
