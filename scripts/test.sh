#!/usr/bin/env bash
# The whole test run (called by `make test` and CI). Each step prints a header; any failure stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
export DJANGO_SETTINGS_MODULE=korgoo.config.settings.test
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export KORGOO_DATA_DIR="${KORGOO_TEST_DATA_DIR:-$(mktemp -d)}"
unset DATABASE_URL

step() { printf '\n== %s\n' "$*"; }

step "ruff (lint and format)"
"$VENV/bin/ruff" check korgoo benchmarks scripts
"$VENV/bin/ruff" format --check korgoo benchmarks scripts

step "mypy"
"$VENV/bin/mypy" korgoo

step "import layers (import-linter)"
"$VENV/bin/lint-imports"

step "migrations are up to date"
"$PY" -m korgoo makemigrations --check --dry-run

step "translations: complete and up to date"
"$PY" scripts/check_translations.py

step "test suite on SQLite, with the browser tests"
"$PY" -m pytest -m "not postgres_only" -p no:cacheprovider -q

step "test suite on PostgreSQL"
pgdir=$(mktemp -d /tmp/korgoo-pg.XXXXXX)
chmod 755 "$pgdir"
port=$(( 55000 + RANDOM % 5000 ))
trap 'scripts/pg_test_cluster.sh stop "$pgdir/cluster"; rm -rf "$pgdir"' EXIT
DATABASE_URL=$(scripts/pg_test_cluster.sh start "$pgdir/cluster" "$port")
export DATABASE_URL
"$PY" -m pytest -m "not browser" -p no:cacheprovider -q
