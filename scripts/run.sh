#!/usr/bin/env bash
# Installs everything into .venv (created if missing), prepares the database and starts the bot.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv || { python3 -m pip install --quiet --user virtualenv && python3 -m virtualenv .venv; }
fi
. .venv/bin/activate
python -m pip install --quiet --disable-pip-version-check --upgrade pip
python -m pip install --quiet --disable-pip-version-check -e .
[ -f .env ] || cp .env.example .env
python -m bot check-config
python -m bot migrate
exec python -m bot run "$@"
