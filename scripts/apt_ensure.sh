#!/usr/bin/env bash
# Install Debian packages that are missing.
#   scripts/apt_ensure.sh [--test-only] command:package ...
# Each argument is command:package (the package is installed when the command is not found, also
# under /usr/lib/postgresql/*/bin for PostgreSQL's tools) or dpkg:package for a library (installed
# when dpkg does not list it).
# --test-only: the packages serve the test suite alone (a PostgreSQL server, nginx). The services
# they bring are not started by the installation and not left enabled at boot; the suite starts its
# own throwaway servers on loopback. Packages that were already installed are left as they were.
# apt waits for the package manager's lock (unattended upgrades may hold it) instead of failing.
set -euo pipefail
test_only=0
if [ "${1:-}" = "--test-only" ]; then
  test_only=1
  shift
fi
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
  command -v sudo >/dev/null || {
    echo "These Debian packages are missing: ${missing[*]}" >&2
    echo "Run this as root, or install sudo, or install them yourself: apt-get install ${missing[*]}" >&2
    exit 1
  }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
wait_lock=(-o DPkg::Lock::Timeout="${KORGOO_APT_LOCK_TIMEOUT:-600}")

# While test-only packages install, Debian's maintainer scripts may not start their services.
policy=${KORGOO_POLICY_RC_D:-/usr/sbin/policy-rc.d}
own_policy=0
if [ $test_only = 1 ] && [ ! -e $policy ]; then
  printf '#!/bin/sh\n# Written by Korgoo'"'"'s scripts/apt_ensure.sh while it installs test-only packages.\nexit 101\n' |
    $sudo tee $policy >/dev/null
  $sudo chmod 755 $policy
  own_policy=1
fi
cleanup() { if [ $own_policy = 1 ]; then $sudo rm -f $policy; fi; }
trap cleanup EXIT

$sudo apt-get "${wait_lock[@]}" update -qq
$sudo apt-get "${wait_lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

if [ $test_only = 1 ]; then
  services=()
  for pkg in "${missing[@]}"; do
    case "$pkg" in
      postgresql*) services+=(postgresql) ;;
      nginx*) services+=(nginx) ;;
    esac
  done
  for service in "${services[@]}"; do
    if [ -d /run/systemd/system ]; then
      $sudo systemctl disable --now --quiet "$service" 2>/dev/null || true
    elif command -v update-rc.d >/dev/null; then
      $sudo update-rc.d "$service" disable >/dev/null 2>&1 || true
    fi
  done
  if [ ${#services[@]} -gt 0 ]; then
    echo "Installed for the tests only, not running and not started at boot: ${services[*]}."
    echo "The suite starts its own servers on loopback. To remove them: apt-get remove ${missing[*]}"
  fi
fi
