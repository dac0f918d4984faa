#!/usr/bin/env bash
# What `make demo` and `make test` need before they can install the rest themselves (README,
# "Two commands"): Python 3.11 or newer with venv, git, and root or sudo when Debian packages are
# missing. Prints what is missing and how to get it, and fails; prints nothing when all is there.
set -uo pipefail
python=${1:-python3}
problems=()

if ! command -v "$python" >/dev/null 2>&1; then
  problems+=("Python 3.11 or newer is needed ('$python' was not found): apt-get install python3 python3-venv")
else
  version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo "?")
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    problems+=("Python 3.11 or newer is needed; '$python' is $version. Give another with: make PYTHON=python3.11 ...")
  elif ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    problems+=("Python's venv module is missing for '$python' ($version): apt-get install python$version-venv (or python3-venv)")
  fi
fi
command -v git >/dev/null 2>&1 || problems+=("git is needed: apt-get install git")
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null 2>&1; then
  echo "note: not root and no sudo: Debian packages that are missing cannot be installed for you." >&2
fi

if [ ${#problems[@]} -gt 0 ]; then
  echo "Korgoo cannot be set up on this machine yet:" >&2
  for problem in "${problems[@]}"; do echo "  - $problem" >&2; done
  exit 1
fi
