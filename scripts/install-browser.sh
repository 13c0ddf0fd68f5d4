#!/usr/bin/env bash
# Install Debian's Chromium (for the site audit's consent checks and the browser tests)
# when it is missing, with its language packs (chromium-l10n): Chromium draws its own
# widgets (date fields) in its interface's language, and without the French and British
# packs they read mm/dd/yyyy whatever the page's locale. Playwright drives it; no browser
# is downloaded from anywhere else.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && [ -e /usr/lib/chromium/locales/fr.pak ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium (or its language packs) is missing and apt-get is not available: install Chromium by hand" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-l10n fonts-noto-color-emoji >/dev/null
chromium --version
