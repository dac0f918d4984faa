#!/usr/bin/env bash
# The whole test run (called by `make test` and CI). Each step prints a header and its time; any
# failure stops the run.
#   scripts/test.sh          every step
#   scripts/test.sh clock    only the suite under moved clocks (`make test-clock`)
#
# The suite owns its clock (korgoo/conftest.py): every test starts at the same instant whatever the
# machine's date. To keep it so, the SQLite pass (browser tests included) runs with the machine's
# clock moved 400 days ahead, and the PostgreSQL pass, with its server, 30 days back. Both passes
# run on every core (pytest-xdist), and side by side with each other and with the static checks: a
# pass alone leaves cores idle (a worker waiting for its database, a browser or a server it started,
# the last long tests, the single-threaded checks). The SQLite pass prints as it goes; the other two
# print their whole output when they end.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
export DJANGO_SETTINGS_MODULE=korgoo.config.settings.test
export DJANGO_ALLOW_ASYNC_UNSAFE=true
unset DATABASE_URL
# Every test process, and every server or command a test starts, imports the same modules: Python
# compiles each once and keeps it in __pycache__, as it does by default. An environment that asks
# it not to (PYTHONDONTWRITEBYTECODE) would have every process compile them all again, and pytest
# rewrite every test module again: about a hundred CPU seconds of a run on two cores.
unset PYTHONDONTWRITEBYTECODE
# Each pass has its own data directory (sealed files, exports), as passes may run at once.
data_dir() {
  if [ -n "${KORGOO_TEST_DATA_DIR:-}" ]; then
    mkdir -p "$KORGOO_TEST_DATA_DIR/$1" && echo "$KORGOO_TEST_DATA_DIR/$1"
  else
    mktemp -d
  fi
}
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
  KORGOO_DATA_DIR=$(data_dir sqlite) moved "$1" "${PYTEST[@]}" -m "not postgres_only"
  took
}

sqlite_quick_at() {
  step "test suite on SQLite (no browser), the machine's clock moved $1"
  KORGOO_DATA_DIR=$(data_dir "sqlite$1") moved "$1" "${PYTEST[@]}" -m "not postgres_only and not browser and not demo"
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
  # The API fuzzer (marker fuzz) runs once, in the SQLite pass: what it checks is the HTTP contract,
  # and on PostgreSQL it costs a third more CPU (the server's share), the run's scarce resource.
  DATABASE_URL="$DATABASE_URL" KORGOO_DATA_DIR=$(data_dir postgres) moved "$1" "${PYTEST[@]}" -m "not browser and not demo and not fuzz"
  scripts/pg_test_cluster.sh stop "$pgdir/cluster"
  took
}

case "${1:-all}" in
  clock)
    sqlite_quick_at "$AHEAD"
    sqlite_quick_at "$BACK"
    ;;
  all)
    logs=$(mktemp -d)
    # Ctrl-C or a stop from CI ends the parts running in the background too.
    trap 'trap - INT TERM; kill 0' INT TERM
    (static_checks) >"$logs/static" 2>&1 &
    static=$!
    (postgres_at "$BACK") >"$logs/postgres" 2>&1 &
    postgres=$!
    # The SQLite pass in the foreground, but waited for like the others: a subshell on the left of
    # `||` runs without `set -e`, so a failing pytest there would not fail the pass.
    (sqlite_at "$AHEAD") &
    sqlite=$!
    failed=""
    wait "$sqlite" || failed="$failed SQLite"
    wait "$static" || failed="$failed static"
    cat "$logs/static"
    wait "$postgres" || failed="$failed PostgreSQL"
    cat "$logs/postgres"
    rm -rf "$logs"
    if [ -n "$failed" ]; then
      printf '\n== failed:%s (after %ss)\n' "$failed" $((SECONDS - started)) >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: $0 [all|clock]" >&2
    exit 2
    ;;
esac
printf '\n== all passed in %ss\n' $((SECONDS - started))
