#!/usr/bin/env bash
# Installs the system packages the tests need, from the distribution, when they are missing.
# Safe to run twice. Needs root or sudo for apt-get; prints what it does.
#   scripts/setup-system.sh          everything the test suite needs
#   scripts/setup-system.sh npm      only Node.js/npm (for the KERN UX assets)
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
APT_UPDATED=0

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup-system: installing ${missing[*]}"
  if [ $APT_UPDATED -eq 0 ]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ "${1:-all}" = "npm" ]; then
  apt_install nodejs npm
  exit 0
fi

command -v npm >/dev/null || apt_install nodejs npm
# Browser tests use the distribution's Chromium (never a downloaded browser build).
[ -x /usr/bin/chromium ] || apt_install chromium
apt_install fonts-dejavu-core
echo "setup-system: ready (chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing))"
