"""`python -m bot [run|migrate|check-config|seed-demo]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from bot.config import ConfigError, Settings, load_settings
from bot.logs import setup_logging

EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Telegram bot for Kazakhstan's entrepreneurship-support programs.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="start the bot with long polling (the default)")
    sub.add_parser("migrate", help="apply database migrations and exit")
    sub.add_parser("check-config", help="validate the configuration and exit")
    sub.add_parser("seed-demo", help="load demo data (people, roles, catalogues)")
    return parser


async def _migrate(settings: Settings) -> None:
    from storage.db import Database

    db = await Database.connect(settings.database_path)
    try:
        applied = await db.migrate()
    finally:
        await db.close()
    print(f"applied {len(applied)} migration(s)" if applied else "database is up to date")


async def _seed(settings: Settings) -> None:
    from bot.app import open_services
    from bot.demo import seed_demo

    services = await open_services(settings)
    try:
        for line in await seed_demo(services):
            print("seeded", line)
    finally:
        await services.close()


def _check(settings: Settings) -> None:
    token = settings.token
    print(f"BOT_TOKEN: set (bot id {token.split(':')[0]})")
    print(f"TELEGRAM_API_URL: {settings.telegram_api_url}")
    print(f"DATABASE_URL: {settings.database_url}")
    print(f"ADMIN_IDS: {', '.join(map(str, sorted(settings.admin_ids))) or '(none)'}")
    print(f"DEFAULT_LOCALE: {settings.default_locale}; TIMEZONE: {settings.timezone}")
    print("configuration is valid")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    try:
        settings = load_settings(require_token=command in ("run", "check-config"))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    setup_logging(
        settings.log_level, [settings.bot_token.get_secret_value()] if settings.bot_token else []
    )
    if command != "migrate":
        from bot.catalogue import CatalogueError, load_catalogue

        try:
            catalogue = load_catalogue(settings.programs_dir)
        except CatalogueError as exc:
            print(f"error: program catalogue: {exc}", file=sys.stderr)
            return EXIT_CONFIG
        if command == "check-config":
            print(f"programs: {', '.join(catalogue.codes)}")
    if command == "check-config":
        _check(settings)
        return 0
    if command == "migrate":
        asyncio.run(_migrate(settings))
        return 0
    if command == "seed-demo":
        asyncio.run(_seed(settings))
        return 0
    from bot.app import run_polling

    asyncio.run(run_polling(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
