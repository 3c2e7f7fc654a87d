#!/usr/bin/env bash
# Headless Chromium and its WebDriver for tests/test_browser.py (Debian packages; never a browser
# download of its own). Idempotent: does nothing when /usr/bin/chromium and /usr/bin/chromedriver
# are there. Also installs fonts-noto-core so screenshots show Devanagari, Arabic and the rest
# (CJK needs fonts-noto-cjk, left out: 60 MB). Needs root (or sudo) and apt-get.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "chromium: already installed ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_chromium.sh: apt-get not found; install Chromium and chromedriver at /usr/bin yourself" >&2
  exit 1
fi

SUDO=""
if [[ "$(id -u)" != 0 ]]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-noto-core >/dev/null
echo "chromium: installed ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
