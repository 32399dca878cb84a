#!/usr/bin/env bash
# Installs everything into .venv (created if missing) and starts the bot.
#
#   ./scripts/run.sh              the playground: the real bot in a browser at http://127.0.0.1:8080,
#                                 no token and no internet needed (--port N, --host H, --db PATH, --fresh)
#   ./scripts/run.sh telegram     the bot on Telegram (long polling): BOT_TOKEN in .env or the environment
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv || { python3 -m pip install --quiet --user virtualenv && python3 -m virtualenv .venv; }
fi
. .venv/bin/activate
python -m pip install --quiet --disable-pip-version-check --upgrade pip
python -m pip install --quiet --disable-pip-version-check -e .
[ -f .env ] || cp .env.example .env
if [ "${1:-}" = "telegram" ]; then
  shift
  python -m bot check-config
  python -m bot migrate
  exec python -m bot run "$@"
fi
if [ -n "${BOT_TOKEN:-}" ]; then
  echo "BOT_TOKEN is set, but this starts the playground; ./scripts/run.sh telegram runs the bot on Telegram"
fi
exec python -m bot playground "$@"
