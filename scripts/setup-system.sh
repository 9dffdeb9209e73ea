#!/usr/bin/env bash
# Installs the system packages the tests need, from the distribution, when they are missing.
# Safe to run twice. Needs root or sudo for apt-get; prints what it does.
#   scripts/setup-system.sh          everything the test suite needs
#   scripts/setup-system.sh runtime  only what `make run` needs (python3-venv, Node.js/npm)
#   scripts/setup-system.sh bench    what `make bench` needs besides that (wrk, PDF fonts)
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

# What `make run` needs: a venv-capable Python and npm for the KERN UX stylesheet.
python3 -c "import ensurepip, venv" 2>/dev/null || apt_install python3-venv
command -v npm >/dev/null || apt_install nodejs npm
[ "${1:-all}" = "runtime" ] && exit 0

# The load benchmarks (make bench) drive the server with wrk.
apt_install wrk
[ "${1:-all}" = "bench" ] && exit 0

# Browser tests use the distribution's Chromium (never a downloaded browser build).
[ -x /usr/bin/chromium ] || apt_install chromium
# The spelling test checks every rendered word with Hunspell (German, British English).
apt_install hunspell hunspell-de-de hunspell-en-gb
# PDF checks render pages with pdftoppm/pdftotext (the PDF itself is set by the typst wheel).
apt_install poppler-utils
# A real PostgreSQL server for the storage tests (started and prepared by scripts/postgres.sh).
apt_install postgresql
bash "$(dirname "$0")/postgres.sh"
echo "setup-system: ready (chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing))"
