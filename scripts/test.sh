#!/usr/bin/env bash
# Installs everything the tests need into .venv (created if missing) and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv || { python3 -m pip install --quiet --user virtualenv && python3 -m virtualenv .venv; }
fi
. .venv/bin/activate
python -m pip install --quiet --disable-pip-version-check --upgrade pip
python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
exec python -m pytest "$@"
