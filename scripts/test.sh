#!/usr/bin/env bash
# Install Rumeur with its test extras into the current Python environment, then run the
# whole test suite. The README's second Quick start command, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet -e ".[test]"
python -m pytest -q "$@"
