"""`python -m bot [run|webhook|sender|healthcheck|playground|migrate|check-config|seed-demo]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.core.config import ConfigError, Settings, load_settings
from bot.core.logs import secrets_of, setup_logging

EXIT_CONFIG = 2
SWITCH_INTERVAL_S = 0.0005


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
    sub.add_parser(
        "webhook",
        help="a webhook worker: answers updates POSTed to WEBHOOK_URL's path on WEBHOOK_PORT "
        "(needs WEBHOOK_URL and WEBHOOK_SECRET); several can run behind a reverse proxy",
    )
    sub.add_parser(
        "sender",
        help="the planners and the outbox's sending loop, without updates (one per deployment "
        "on SQLite); /healthz and /metrics on OPS_PORT",
    )
    health = sub.add_parser(
        "healthcheck", help="GET the local /healthz; exit 0 when healthy, 1 when not (Docker)"
    )
    health.add_argument(
        "--url",
        help="what to GET (default http://127.0.0.1:$WEBHOOK_PORT/healthz; a sender's: "
        "http://127.0.0.1:$OPS_PORT/healthz)",
    )
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
    copy = sub.add_parser(
        "copy-db",
        help="copy the database into an empty one (SQLite → PostgreSQL), verified",
    )
    copy.add_argument("--to", required=True, help="the target: postgresql://user:pw@host/db")
    copy.add_argument("--from", dest="source", help="the source (default DATABASE_URL)")
    backup = sub.add_parser(
        "backup", help="an online, consistent copy of the database (SQLite) or a pg_dump"
    )
    backup.add_argument(
        "--to", type=Path, help="the file to write (default data/backups/bot-<UTC time>.db)"
    )
    restore = sub.add_parser(
        "restore", help="put a backup in place of the database (stop the bot first)"
    )
    restore.add_argument("path", type=Path, help="the backup file")
    sub.add_parser("check-config", help="validate the configuration and exit")
    sub.add_parser("seed-demo", help="load demo data (people, roles, catalogues)")
    return parser


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


def _data(command: str, args: argparse.Namespace, settings: Settings) -> int:
    from bot.ops import data

    if command == "migrate":
        return asyncio.run(data.migrate(settings))
    if command == "copy-db":
        return asyncio.run(data.copy_db(settings, args.to, args.source))
    if command == "backup":
        return asyncio.run(data.backup(settings, args.to))
    return asyncio.run(data.restore(settings, args.path))


def _check(settings: Settings) -> None:
    token = settings.token
    print(f"BOT_TOKEN: set (bot id {token.split(':')[0]})")
    print(f"TELEGRAM_API_URL: {settings.telegram_api_url}")
    from bot.ops.data import shown

    print(f"DATABASE_URL: {shown(settings.database_url)}")
    print(f"ADMIN_IDS: {', '.join(map(str, sorted(settings.admin_ids))) or '(none)'}")
    print(f"DEFAULT_LOCALE: {settings.default_locale}; TIMEZONE: {settings.timezone}")
    print("configuration is valid")


def _healthcheck(url: str | None) -> int:
    from bot.ops.healthcheck import default_url, probe

    if url is None:
        try:
            url = default_url(load_settings(require_token=False).webhook_port)
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1  # Docker reads 1 as unhealthy; it reserves 2
    healthy, line = probe(url)
    print(line)
    return 0 if healthy else 1


def _serve(command: str, settings: Settings) -> int:
    """`webhook` or `sender` until SIGTERM."""
    if command == "webhook":
        from bot.ops.webhook_config import webhook_config

        try:
            webhook_config(settings)
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_CONFIG
        from bot.ops.webhook import run_webhook

        asyncio.run(run_webhook(settings))
        return 0
    from bot.ops.sender import run_sender

    asyncio.run(run_sender(settings))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    # aiosqlite runs each statement in its own thread, which needs the GIL back from the busy
    # event loop: by default it waits up to 5 ms for it (sys.getswitchinterval()), and under
    # load the loop then sat idle a quarter of the time waiting for its database answers.
    # 0.5 ms: bench/updates.py 490-580 → 715-820 updates/s (docs/benchmarks.md).
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    args = _parser().parse_args(argv)
    command = args.command or "run"
    if command == "healthcheck":  # Docker's probe: nothing but one HTTP request
        return _healthcheck(args.url)
    try:
        settings = load_settings(
            require_token=command in ("run", "check-config", "webhook", "sender")
        )
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    setup_logging(settings.log_level, secrets_of(settings), fmt=settings.log_format)
    if command not in ("migrate", "copy-db", "backup", "restore"):
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
    if command in ("migrate", "copy-db", "backup", "restore"):
        return _data(command, args, settings)
    if command == "seed-demo":
        asyncio.run(_seed(settings))
        return 0
    if command == "playground":
        return _playground(args)
    if command in ("webhook", "sender"):
        return _serve(command, settings)
    from bot.app import run_polling

    asyncio.run(run_polling(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
