"""The deployment files, checked without Docker: compose.yaml, Dockerfile, .dockerignore,
deploy/ (Caddyfile, systemd units) and docs/deploy.md.

Every command they run must exist in the CLI (`bot.__main__._parser`), every variable they set
must be a setting (`bot.core.config.Settings`), every service must say how it is healthy, the
image must run as a fixed non-root user, and no secret may be written in them.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from bot.__main__ import _parser
from bot.core.config import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose.yaml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
CADDYFILE = ROOT / "deploy" / "Caddyfile"
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
GUIDE = ROOT / "docs" / "deploy.md"

BOT_SERVICES = ("migrate", "webhook", "sender")
BOT = ["python", "-m", "bot"]
# Environment a bot process may be given that is not a setting of the bot.
NOT_SETTINGS = {"MPLCONFIGDIR"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|API_KEY", re.I)
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?::?(?P<op>[-?])(?P<arg>[^}]*))?\}")
BOT_TOKEN_SHAPE = re.compile(r"\b\d{6,}:[A-Za-z0-9_-]{30,}\b")


# --- helpers ------------------------------------------------------------------------------


@cache
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def services() -> dict[str, dict[str, Any]]:
    found = compose()["services"]
    assert isinstance(found, dict)
    return found


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    """A service's `depends_on` as {service: condition}, from the short or the long form."""
    found = service.get("depends_on", {})
    if isinstance(found, list):
        return dict.fromkeys(found, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in found.items()}


def subcommands() -> dict[str, argparse.ArgumentParser]:
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def cli_problem(argv: list[str]) -> str | None:
    """Why `argv` is not a command line of the bot's CLI, or None if it is one."""
    if argv[:3] != BOT:
        return f"{argv} does not start with {' '.join(BOT)}"
    if len(argv) < 4 or argv[3] not in subcommands():
        return f"{' '.join(argv)}: no such command (the CLI has {sorted(subcommands())})"
    try:
        _parser().parse_args(argv[3:])
    except SystemExit:
        return f"{' '.join(argv)}: the CLI refuses these arguments"
    return None


def command_of(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return command if isinstance(command, list) else str(command).split()


def healthcheck_argv(check: dict[str, Any]) -> list[str]:
    test = check["test"]
    if isinstance(test, str):
        return test.split()
    if test[0] == "CMD-SHELL":
        return str(test[1]).split()
    assert test[0] == "CMD", test
    return [str(part) for part in test[1:]]


def interpolated(value: str) -> str:
    """`value` as compose would pass it, with a stand-in for what .env gives."""

    def one(match: re.Match[str]) -> str:
        if match["op"] == "-":
            return match["arg"]
        return "Example0pass" if SECRET_NAME.search(match["name"]) else "example"

    return INTERPOLATION.sub(one, value)


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text("utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, rest = line.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
    return instructions


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def exec_form(arguments: str) -> list[str]:
    value = json.loads(arguments)
    assert isinstance(value, list), f"{arguments} is not in exec form"
    return [str(part) for part in value]


GLOB_PARTS = r"\*\*/|\*\*|\*|\?|\[[^]]*\]|[^*?[]+"


def _glob_part(part: str) -> str:
    """One piece of a .dockerignore pattern as a regular expression (Go's filepath.Match, with
    `**` for any number of folders, as Docker reads it)."""
    special = {"**/": "(.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    if part in special:
        return special[part]
    return part if part.startswith("[") else re.escape(part)


def dockerignored(path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents decides."""
    ignored = False
    for raw in DOCKERIGNORE.read_text("utf-8").splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = re.compile("".join(map(_glob_part, re.findall(GLOB_PARTS, pattern))))
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            ignored = not negate
    return ignored


# --- compose.yaml -------------------------------------------------------------------------


def test_compose_has_the_database_redis_and_the_bots_roles() -> None:
    assert set(services()) >= {"postgres", "redis", "migrate", "webhook", "sender"}
    assert str(services()["postgres"]["image"]).split(":")[0] == "postgres"
    assert str(services()["redis"]["image"]).split(":")[0] == "redis"
    used = {
        str(mount).split(":")[0]
        for service in services().values()
        for mount in service.get("volumes", [])
        if not str(mount).startswith((".", "/"))
    }
    assert used <= set(compose().get("volumes", {})), "a named volume that is not declared"
    assert services()["webhook"]["deploy"]["replicas"] >= 2, "several webhook workers"


def test_every_service_has_a_healthcheck() -> None:
    for name, service in services().items():
        check = service.get("healthcheck")
        assert check, f"{name} has no healthcheck"
        if check.get("disable"):
            # Only a one-shot job may go without: it exits, and others wait for its exit code.
            assert service.get("restart") == "no", f"{name}: no healthcheck, yet it is restarted"
            waiting = [
                other
                for other, spec in services().items()
                if depends_on(spec).get(name) == "service_completed_successfully"
            ]
            assert waiting, f"{name}: no healthcheck and nobody waits for it to finish"
            continue
        assert healthcheck_argv(check), f"{name}: an empty healthcheck"


def test_the_bots_commands_and_health_checks_exist_in_the_cli() -> None:
    for name in BOT_SERVICES:
        service = services()[name]
        assert service.get("build") or service.get("image") == services()["webhook"]["image"]
        assert cli_problem(command_of(service)) is None, cli_problem(command_of(service))
        check = service["healthcheck"]
        if not check.get("disable"):
            argv = healthcheck_argv(check)
            assert argv[3] == "healthcheck", f"{name} is checked by {argv}"
            assert cli_problem(argv) is None, cli_problem(argv)
    assert command_of(services()["webhook"])[3] == "webhook"
    assert command_of(services()["sender"])[3] == "sender"
    assert command_of(services()["migrate"])[3] == "migrate"


def test_the_sender_is_checked_on_its_ops_port() -> None:
    argv = healthcheck_argv(services()["sender"]["healthcheck"])
    url = argv[argv.index("--url") + 1]
    assert url == f"http://127.0.0.1:{Settings.model_fields['ops_port'].default}/healthz"


def test_workers_start_after_the_migration_and_the_servers() -> None:
    assert depends_on(services()["migrate"]) == {"postgres": "service_healthy"}
    for name in ("webhook", "sender"):
        assert depends_on(services()[name]) == {
            "migrate": "service_completed_successfully",
            "postgres": "service_healthy",
            "redis": "service_healthy",
        }


def test_every_variable_compose_gives_the_bot_is_a_setting_with_a_valid_value() -> None:
    for name in BOT_SERVICES:
        environment = services()[name].get("environment", {})
        assert isinstance(environment, dict), f"{name}: environment as a mapping, please"
        unknown = {key for key in environment if key.lower() not in Settings.model_fields}
        assert not unknown, f"{name} sets {unknown}, which the bot does not read"
        values = {key.lower(): interpolated(str(value)) for key, value in environment.items()}
        settings = Settings.model_validate(values)  # the values alone: no .env, no environment
        assert settings.is_postgres and settings.redis_url
        assert services()[name]["env_file"] in (".env", [".env"])


def test_the_database_url_points_at_the_postgres_service_as_its_user() -> None:
    url = interpolated(str(services()["webhook"]["environment"]["DATABASE_URL"]))
    postgres = services()["postgres"]["environment"]
    assert url == (
        f"postgresql://{postgres['POSTGRES_USER']}:Example0pass@postgres:5432/"
        f"{postgres['POSTGRES_DB']}"
    )
    assert services()["webhook"]["environment"]["REDIS_URL"].startswith("redis://redis:6379/")


def test_no_secret_is_written_in_compose() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if SECRET_NAME.search(str(key)) and isinstance(value, str | int):
                    match = INTERPOLATION.fullmatch(str(value))
                    assert match and match["op"] != "-", f"{where}.{key}: a secret written inline"
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)
        elif isinstance(node, str):
            for password in re.findall(r"://[^:/@\s]+:([^@\s]+)@", node):
                assert INTERPOLATION.fullmatch(password), f"{where}: a password in a URL"

    walk(compose(), "compose")
    for path in (COMPOSE, DOCKERFILE, CADDYFILE, *UNITS):
        assert not BOT_TOKEN_SHAPE.search(path.read_text("utf-8")), f"a bot token in {path.name}"


def test_caddy_proxies_to_the_webhook_workers() -> None:
    caddy = services()["caddy"]
    assert caddy["profiles"] == ["tls"], "TLS in compose is optional (an existing proxy works)"
    assert any(str(mount).startswith("./deploy/Caddyfile:") for mount in caddy["volumes"])
    port = Settings.model_fields["webhook_port"].default
    text = CADDYFILE.read_text("utf-8")
    assert re.search(rf"name webhook\s+port {port}\b", text)


@pytest.mark.skipif(shutil.which("caddy") is None, reason="no caddy here (apt-get install caddy)")
def test_caddy_reads_the_caddyfile() -> None:
    result = subprocess.run(
        ["caddy", "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        env={"BOT_DOMAIN": "bot.example.kz", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert "bot.example.kz" in result.stdout
    assert '"name":"webhook"' in json.dumps(config, separators=(",", ":"))


# --- Dockerfile and .dockerignore ---------------------------------------------------------


def test_the_image_is_slim_python_3_11() -> None:
    bases = [args.split()[0] for keyword, args in dockerfile() if keyword == "FROM"]
    assert bases and all(base.startswith("python:3.11-slim") for base in bases), bases


def test_the_image_runs_as_a_fixed_non_root_user_after_every_install_step() -> None:
    stage = final_stage()
    users = [i for i, (keyword, _) in enumerate(stage) if keyword == "USER"]
    assert users, "the image has no USER: it would run as root"
    user = stage[users[-1]][1]
    name, _, group = user.partition(":")
    assert name.isdigit() and int(name) != 0, f"USER {user}: a fixed numeric uid, not root"
    assert not group or (group.isdigit() and int(group) != 0)
    installs = [i for i, (keyword, _) in enumerate(stage) if keyword in ("RUN", "COPY", "ADD")]
    assert users[-1] > max(installs), "USER must come after the last install step"


def test_the_image_health_check_and_command_are_the_clis() -> None:
    stage = dict(final_stage())
    health = stage["HEALTHCHECK"]
    argv = exec_form(health.split(" CMD ", 1)[1])
    assert argv[3] == "healthcheck" and cli_problem(argv) is None, cli_problem(argv)
    command = exec_form(stage["CMD"])
    assert command == [*BOT, "webhook"] and cli_problem(command) is None, cli_problem(command)


def test_the_image_environment_ports_and_data_volume() -> None:
    stage = final_stage()
    env = " ".join(args for keyword, args in stage if keyword == "ENV")
    assert "PYTHONDONTWRITEBYTECODE=1" in env and "PYTHONUNBUFFERED=1" in env
    assert not SECRET_NAME.search(env), "no secret in the image's environment"
    assert not any(keyword == "ARG" and SECRET_NAME.search(args) for keyword, args in dockerfile())
    assert dict(stage)["WORKDIR"] == "/app"
    exposed = {int(port) for key, args in stage if key == "EXPOSE" for port in args.split()}
    fields = Settings.model_fields
    assert exposed == {fields["webhook_port"].default, fields["ops_port"].default}
    volumes = [args for keyword, args in stage if keyword == "VOLUME"]
    assert volumes and "/app/data" in volumes[0]
    # DATABASE_URL's default, relative to WORKDIR, lands in the volume.
    assert fields["database_url"].default == "sqlite:///data/bot.db"


def test_the_image_has_no_dev_dependencies() -> None:
    text = DOCKERFILE.read_text("utf-8")
    assert "[dev]" not in text and "optional-dependencies" not in text
    assert "['project']['dependencies']" in text
    for tool in ("pytest", "ruff", "mypy", "playwright"):
        assert not re.search(rf"pip install[^\n]*\b{tool}\b", text)


def test_the_image_copies_what_the_bot_runs_and_the_context_holds_it() -> None:
    copied = set()
    for keyword, args in dockerfile():
        if keyword != "COPY" or "--from=" in args:
            continue
        *sources, _target = [part for part in args.split() if not part.startswith("--")]
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
            assert not dockerignored(source), f"COPY {source}: excluded by .dockerignore"
            copied.add(source.rstrip("/"))
    # The packages pyproject.toml ships, and the locales bot.core.i18n reads next to them.
    assert {"bot", "handlers", "storage", "locales", "pyproject.toml"} <= copied
    for needed in ("bot/__main__.py", "storage/alembic/env.py", "locales/kk", "bot/data"):
        assert not dockerignored(needed), needed


def test_dockerignore_keeps_secrets_data_and_clutter_out_of_the_context() -> None:
    for path in (
        ".env",
        ".venv/bin/python",
        "data/bot.db",
        "data/backups/bot-2026-01-01.db",
        ".git/HEAD",
        "tests/dev/artifacts/playground.png",
        "tests/core/test_house.py",
        "bot/__pycache__/app.cpython-311.pyc",
        "playground.db",
        ".pytest_cache/v/cache",
        ".mypy_cache/3.11/x.json",
    ):
        assert dockerignored(path), f"{path} would be sent to the Docker daemon"


# --- deploy/systemd -----------------------------------------------------------------------


def test_systemd_units_run_cli_commands_with_settings() -> None:
    commands = {}
    assert UNITS, "deploy/systemd/*.service"
    for unit in UNITS:
        text = unit.read_text("utf-8")
        exec_start = re.search(r"^ExecStart=(\S+) (.*)$", text, re.M)
        assert exec_start, unit.name
        argv = ["python", *exec_start[2].split()]
        assert exec_start[1].endswith("/.venv/bin/python")
        assert cli_problem(argv) is None, f"{unit.name}: {cli_problem(argv)}"
        commands[unit.name] = argv[3]
        for key in re.findall(r"^Environment=(\w+)=", text, re.M):
            assert key in NOT_SETTINGS or key.lower() in Settings.model_fields, f"{unit}: {key}"
        assert re.search(r"^User=(?!root$)\w+$", text, re.M), f"{unit.name} runs as root"
        assert "EnvironmentFile" not in text, "Environment= must win over .env (pydantic does)"
    assert sorted(commands.values()) == ["sender", "webhook"]


# --- docs/deploy.md -----------------------------------------------------------------------


def test_the_guide_documents_every_setting() -> None:
    text = GUIDE.read_text("utf-8")
    for name in Settings.model_fields:
        assert f"`{name.upper()}`" in text, f"docs/deploy.md: {name.upper()} is not documented"


def test_the_guide_runs_only_commands_the_cli_has() -> None:
    text = GUIDE.read_text("utf-8")
    used = set(re.findall(r"python -m bot ([a-z][a-z-]+)", text))
    assert used, "the guide shows no command"
    missing = used - set(subcommands())
    assert not missing, f"docs/deploy.md uses {sorted(missing)}, which the CLI does not have"


def test_the_guide_names_the_metrics_the_bot_serves() -> None:
    metrics = pytest.importorskip("bot.ops.metrics")
    suffixes = {"counter": ("_total",), "histogram": ("", "_bucket", "_sum", "_count")}
    served = {
        family.name + suffix
        for family in metrics.Metrics().registry.collect()
        for suffix in suffixes.get(family.type, ("",))
    }
    named = set(re.findall(r"\bbot_[a-z_]+[a-z]\b", GUIDE.read_text("utf-8")))
    assert not named - served, f"docs/deploy.md names metrics nobody serves: {named - served}"
    families = {family.name for family in metrics.Metrics().registry.collect()}
    unnamed = {f for f in families if not any(n.startswith(f) for n in named)}
    assert not unnamed, f"docs/deploy.md does not mention {unnamed}"


def test_the_readme_links_the_guide() -> None:
    assert "docs/deploy.md" in (ROOT / "README.md").read_text("utf-8")
