"""`python -m bot [run|playground|migrate|check-config|seed-demo]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from bot.core.config import ConfigError, Settings, load_settings
from bot.core.logs import setup_logging

EXIT_CONFIG = 2


def _port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0-65535)")
    return int(value)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Telegram bot for Kazakhstan's entrepreneurship-support programs.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="start the bot with long polling (the default)")
    play = sub.add_parser(
        "playground",
        help="talk to the bot in a browser: no token, no internet (http://127.0.0.1:8080)",
    )
    play.add_argument("--port", type=_port, default=8080, help="the page's port (default 8080)")
    play.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)"
    )
    play.add_argument(
        "--db",
        default="data/playground.db",
        help="the playground's database, kept between runs (default data/playground.db)",
    )
    play.add_argument(
        "--fresh", action="store_true", help="start from a fresh database with the demo data"
    )
    sub.add_parser("migrate", help="apply database migrations and exit")
    sub.add_parser("check-config", help="validate the configuration and exit")
    sub.add_parser("seed-demo", help="load demo data (people, roles, catalogues)")
    return parser


async def _migrate(settings: Settings) -> None:
    from storage.db import Database

    db = await Database.open(settings.database_url)
    try:
        applied = await db.migrate()
    finally:
        await db.close()
    print(f"applied {len(applied)} migration(s)" if applied else "database is up to date")


def _playground(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.dev.playground import PlaygroundOptions, PortInUse, run_playground

    options = PlaygroundOptions(database=Path(args.db), fresh=args.fresh)
    try:
        asyncio.run(run_playground(options, args.host, args.port))
    except PortInUse as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return 0


async def _seed(settings: Settings) -> None:
    from bot.app import open_services
    from bot.dev.demo import seed_demo

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
        from bot.core.catalogue import CatalogueError, load_catalogue

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
    if command == "playground":
        return _playground(args)
    from bot.app import run_polling

    asyncio.run(run_polling(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
