#!/usr/bin/env bash
# Install Debian packages that are missing. Arguments: command:package (the package is installed
# when the command is not found, also under /usr/lib/postgresql/*/bin for PostgreSQL's tools), or
# dpkg:package for a library (installed when dpkg does not list it).
set -euo pipefail
missing=()
for pair in "$@"; do
  cmd=${pair%%:*}
  pkg=${pair##*:}
  if [ "$cmd" = "dpkg" ]; then
    dpkg -s "$pkg" >/dev/null 2>&1 && continue
  elif command -v "$cmd" >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/$cmd" >/dev/null; then
    continue
  fi
  missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
