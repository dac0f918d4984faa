#!/usr/bin/env bash
# The whole test run (called by `make test` and CI). Each step prints a header and its time; any
# failure stops the run.
#   scripts/test.sh          every step
#   scripts/test.sh clock    only the suite under moved clocks (`make test-clock`)
#
# The suite owns its clock (korgoo/conftest.py): every test starts at the same instant whatever the
# machine's date. To keep it so, the SQLite pass (browser tests included) runs with the machine's
# clock moved 400 days ahead, and the PostgreSQL pass, with its server, 30 days back. Both passes
# run on every core (pytest-xdist).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
export DJANGO_SETTINGS_MODULE=korgoo.config.settings.test
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export KORGOO_DATA_DIR="${KORGOO_TEST_DATA_DIR:-$(mktemp -d)}"
unset DATABASE_URL
WORKERS=${KORGOO_TEST_WORKERS:-auto}
PYTEST=("$PY" -m pytest -p no:cacheprovider -q -n "$WORKERS" --dist worksteal)
AHEAD=${KORGOO_CLOCK_AHEAD:-+400d}
BACK=${KORGOO_CLOCK_BACK:--30d}

started=$SECONDS
step_started=$SECONDS
step() {
  printf '\n== %s\n' "$*"
  step_started=$SECONDS
}
took() { printf -- '-- %ss\n' $((SECONDS - step_started)); }
# The clock moved by an offset (+400d, -30d) for a command and everything it starts, servers
# included: Debian's libfaketime preloaded (the `faketime` wrapper would wait for the servers to end).
LIBFAKETIME=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
moved() {
  [ -n "$LIBFAKETIME" ] || { echo "libfaketime is missing: apt-get install faketime" >&2; return 1; }
  LD_PRELOAD="$LIBFAKETIME" FAKETIME="$1" "${@:2}"
}

static_checks() {
  step "ruff (lint and format)"
  "$VENV/bin/ruff" check korgoo benchmarks scripts
  "$VENV/bin/ruff" format --check korgoo benchmarks scripts
  took

  step "mypy"
  "$VENV/bin/mypy" korgoo
  took

  step "import layers (import-linter)"
  "$VENV/bin/lint-imports"
  took

  step "migrations are up to date"
  "$PY" -m korgoo makemigrations --check --dry-run
  took

  step "translations: complete and up to date"
  "$PY" scripts/check_translations.py
  took
}

sqlite_at() {
  step "test suite on SQLite with the browser tests, the machine's clock moved $1"
  moved "$1" "${PYTEST[@]}" -m "not postgres_only"
  took
}

sqlite_quick_at() {
  step "test suite on SQLite (no browser), the machine's clock moved $1"
  moved "$1" "${PYTEST[@]}" -m "not postgres_only and not browser and not demo"
  took
}

postgres_at() {
  step "test suite on PostgreSQL, the machine's clock moved $1"
  pgdir=$(mktemp -d /tmp/korgoo-pg.XXXXXX)
  chmod 755 "$pgdir"
  port=$((55000 + RANDOM % 5000))
  trap 'scripts/pg_test_cluster.sh stop "$pgdir/cluster"; rm -rf "$pgdir"' EXIT
  # The server runs under the same moved clock as the suite, as it would on a machine at that date.
  DATABASE_URL=$(moved "$1" scripts/pg_test_cluster.sh start "$pgdir/cluster" "$port")
  # The API fuzzer (marker fuzz) runs once, in the SQLite pass: what it checks is the HTTP contract.
  DATABASE_URL="$DATABASE_URL" moved "$1" "${PYTEST[@]}" -m "not browser and not demo and not fuzz"
  scripts/pg_test_cluster.sh stop "$pgdir/cluster"
  took
}

case "${1:-all}" in
  clock)
    sqlite_quick_at "$AHEAD"
    sqlite_quick_at "$BACK"
    ;;
  all)
    static_checks
    sqlite_at "$AHEAD"
    postgres_at "$BACK"
    ;;
  *)
    echo "usage: $0 [all|clock]" >&2
    exit 2
    ;;
esac
printf '\n== all passed in %ss\n' $((SECONDS - started))
