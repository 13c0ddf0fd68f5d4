#!/usr/bin/env bash
# Vendor the front-end files the dashboard's tests need, from the npm registry, pinned:
# axe-core (the accessibility engine the browser tests run in each page). Run it again
# to change the pinned version; the files are committed, so tests and CI never fetch
# anything. The dashboard itself loads no third-party script (its CSS and JS are ours).
#   bash scripts/vendor_frontend.sh
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.10.3
dest=tests/e2e/vendor/axe-core
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@${AXE_VERSION}" >/dev/null)
tar -xzf "$work/axe-core-${AXE_VERSION}.tgz" -C "$work"
mkdir -p "$dest"
cp "$work/package/axe.min.js" "$dest/axe.min.js"
cp "$work/package/LICENSE" "$dest/LICENSE"
cat > "$dest/README.md" <<TXT
axe-core ${AXE_VERSION} (Mozilla Public License 2.0, see LICENSE), from the npm registry
by scripts/vendor_frontend.sh: axe.min.js unchanged. Used by tests/e2e only (injected
into each dashboard page to check it against WCAG 2.1 A/AA rules); not shipped in the wheel.
sha256 of axe.min.js: $(sha256sum "$dest/axe.min.js" | cut -d' ' -f1)
TXT
echo "vendored axe-core ${AXE_VERSION} into $dest"
