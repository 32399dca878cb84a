"""Heavy libraries load on first use: starting the bot and a person's first contact (/start,
the language, the consent, the menu) import none of them. Checked in a fresh interpreter,
since the test process itself has long imported them all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "openpyxl",
    "matplotlib",
    "numpy",
    "PIL",
    "icalendar",
    "fpdf",
    "phonenumbers",
    "holidays",
    "pypdf",
    # One process without REDIS_URL needs none of the scale-out's clients or the migrator.
    "redis",
    "asyncpg",
    "alembic",
    "prometheus_client",
    # Statements run on the drivers; SQLAlchemy serves the migrations, copy-db and schema checks.
    "sqlalchemy",
    "mako",
)
SCRIPT = f"""
import asyncio, subprocess, sys, tempfile
from datetime import UTC, datetime

from bot.core.clock import FakeClock
from bot.core.config import load_settings
from bot.dev.fake_telegram import DEFAULT_TOKEN, FakeTelegramServer, load_spec
from bot.dev.harness import start_bot
from tests.conftest import onboard

HEAVY = {HEAVY!r}


async def main() -> None:
    server = FakeTelegramServer(token=DEFAULT_TOKEN, spec=load_spec(), strict_spec=True)
    await server.start()
    database_url = f"sqlite:///{{tempfile.mkdtemp()}}/bot.db"
    # Migrated beforehand, as deployments do (`python -m bot migrate`): a start on a database
    # at the newest revision does not load Alembic.
    subprocess.run(
        [sys.executable, "-m", "bot", "migrate"],
        env={{"DATABASE_URL": database_url, "PATH": ""}},
        check=True,
        capture_output=True,
    )
    settings = load_settings(
        _env_file=None,
        bot_token=DEFAULT_TOKEN,
        telegram_api_url=server.base_url,
        database_url=database_url,
        default_locale="kk",
    )
    clock = FakeClock(datetime(2026, 5, 14, 6, 0, tzinfo=UTC))
    running = await start_bot(settings, clock, server, run_delivery=False)
    print("started:", [m for m in HEAVY if m in sys.modules])
    for user_id, language in ((1001, "kk"), (1002, "ru")):
        user = server.user(user_id, "Айгүл")
        await onboard(user, language)
        menu = await user.command("menu")
        assert menu, "no menu"
    print("answered:", [m for m in HEAVY if m in sys.modules])
    await running.stop()
    await server.stop()


asyncio.run(main())
"""


def test_starting_and_first_contact_load_no_heavy_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "started: []" in done.stdout, done.stdout
    assert "answered: []" in done.stdout, done.stdout


MIGRATE_APART = """
import asyncio, sys, tempfile

from bot.core.config import load_settings
from bot.services import open_services
from storage.revision import HEAD


async def main() -> None:
    settings = load_settings(
        _env_file=None,
        require_token=False,
        database_url=f"sqlite:///{tempfile.mkdtemp()}/bot.db",
    )
    services = await open_services(settings, migrate_apart=True)
    revision = await services.db.fetchval("SELECT version_num FROM alembic_version")
    tables = await services.db.fetchval("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
    await services.close()
    print("revision:", revision == HEAD, "tables:", tables > 30)
    print("loaded:", [m for m in ("alembic", "sqlalchemy", "mako") if m in sys.modules])


asyncio.run(main())
"""


def test_a_long_running_bot_migrates_a_new_database_in_a_child_process() -> None:
    """`python -m bot run` on a new database: the schema is made (by `python -m storage`, a
    child process), and the bot itself never loads Alembic or SQLAlchemy."""
    done = subprocess.run(
        [sys.executable, "-c", MIGRATE_APART],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "revision: True tables: True" in done.stdout, done.stdout
    assert "loaded: []" in done.stdout, done.stdout
