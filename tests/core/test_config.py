"""Configuration: one clear line and exit code 2 for anything wrong, never the token itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.config import ConfigError, load_settings
from bot.core.timezones import load_zone
from storage.schema import HEAD

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper() in {
            "BOT_TOKEN",
            "TELEGRAM_API_URL",
            "DATABASE_URL",
            "ADMIN_IDS",
            "DEFAULT_LOCALE",
            "TIMEZONE",
            "LOG_LEVEL",
        }:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


def run_cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "ADMIN_IDS"}}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.database_url == "sqlite:///data/bot.db"
    assert settings.default_locale == "kk"
    assert settings.timezone == "Asia/Almaty"
    assert settings.admin_ids == frozenset()


def test_values_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("ADMIN_IDS", " 12, 34 ,")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("DEFAULT_LOCALE", "RU")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = load_settings()
    assert settings.admin_ids == frozenset({12, 34})
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert settings.default_locale == "ru"
    assert settings.log_level == "DEBUG"


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"BOT_TOKEN={TOKEN}\nADMIN_IDS=7\n", encoding="utf-8")
    assert load_settings().admin_ids == frozenset({7})


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("BOT_TOKEN", "not-a-token", "BOT_TOKEN is invalid"),
        ("ADMIN_IDS", "12,abc", "ADMIN_IDS is invalid"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE is invalid"),
        ("DEFAULT_LOCALE", "en", "DEFAULT_LOCALE is invalid"),
        ("DATABASE_URL", "postgres://x", "DATABASE_URL is invalid"),
        ("TELEGRAM_API_URL", "ftp://x", "TELEGRAM_API_URL is invalid"),
    ],
)
def test_invalid_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    message = str(error.value)
    assert message.startswith(expected)
    assert "\n" not in message
    assert TOKEN not in message


def test_missing_token_points_to_botfather() -> None:
    with pytest.raises(ConfigError, match=r"BOT_TOKEN is not set.*@BotFather"):
        load_settings()


def test_cli_without_token_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_cli(env={}, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "BOT_TOKEN" in lines[0] and "@BotFather" in lines[0]
    assert "python -m bot playground" in lines[0], "no token: the playground is named"
    assert "Traceback" not in result.stderr


def test_cli_invalid_token_never_echoes_it(tmp_path: Path) -> None:
    secret = "999:short-and-secret"
    result = run_cli(env={"BOT_TOKEN": secret}, cwd=tmp_path)
    assert result.returncode == 2
    assert secret not in result.stderr + result.stdout


def test_cli_help_lists_subcommands(tmp_path: Path) -> None:
    result = run_cli("--help", env={}, cwd=tmp_path)
    assert result.returncode == 0
    for command in ("run", "playground", "migrate", "check-config", "seed-demo"):
        assert command in result.stdout


def test_cli_check_config_hides_token(tmp_path: Path) -> None:
    result = run_cli("check-config", env={"BOT_TOKEN": TOKEN}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "configuration is valid" in result.stdout
    assert TOKEN.split(":")[1] not in result.stdout


def test_cli_migrate_and_seed_are_repeatable(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/nested/dir/bot.db"}
    first = run_cli("migrate", env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    # Revisions are numbered 0001, 0002, …: a new database gets every one up to the head.
    assert f"applied {int(HEAD)} migration" in first.stdout
    again = run_cli("migrate", env=env, cwd=tmp_path)
    assert "up to date" in again.stdout
    for _ in range(2):
        seeded = run_cli("seed-demo", env=env, cwd=tmp_path)
        assert seeded.returncode == 0, seeded.stderr
        assert "(coordinator)" in seeded.stdout


def test_kazakhstan_is_utc_plus_5() -> None:
    from datetime import UTC, datetime, timedelta

    zone = load_zone("Asia/Almaty")
    assert datetime(2024, 3, 2, tzinfo=UTC).astimezone(zone).utcoffset() == timedelta(hours=5)
    assert datetime(2026, 11, 22, tzinfo=UTC).astimezone(zone).utcoffset() == timedelta(hours=5)
