#!/usr/bin/env bash
# Installs everything into .venv (created if missing), prepares the database and starts the bot.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv 2>/dev/null || python3 -m venv --without-pip .venv
. .venv/bin/activate
python -m pip install --quiet --disable-pip-version-check --upgrade pip
python -m pip install --quiet --disable-pip-version-check -e .
[ -f .env ] || cp .env.example .env
python -m bot check-config
python -m bot migrate
exec python -m bot run "$@"
