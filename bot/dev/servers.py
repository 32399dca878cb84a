"""Throw-away PostgreSQL and Redis servers for the tests, the benchmarks and CI.

Debian's own binaries (`apt-get install postgresql redis-server`), started in a temporary
directory, listening on 127.0.0.1 only, on a free port, with settings that trade durability for
speed; stopped and removed when the `with` block ends, whatever happened inside it. Run as root
(CI containers), each server runs as the system user its Debian package created (`postgres`,
`redis`): PostgreSQL refuses to run as root, and a test server needs no privileges.

    with postgres_server(tmp) as pg, redis_server(tmp) as redis:
        url = pg.create_database("bot", template=None)   # postgresql://postgres@127.0.0.1:…/bot
        …redis.url…                                      # redis://127.0.0.1:…/0

    python -m bot.dev.servers run -- pytest -q          # the command sees TEST_POSTGRES_URL
                                                        # and TEST_REDIS_URL; exits with its code
Standard library only (asyncpg, already a dependency of the bot, creates and drops databases).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

HOST = "127.0.0.1"
PG_ROOT = Path("/usr/lib/postgresql")  # Debian: /usr/lib/postgresql/<major>/bin
REDIS_SERVER = "redis-server"
START_TIMEOUT = 30.0  # seconds a server gets to accept connections
STOP_TIMEOUT = 15.0  # seconds a server gets to shut down before it is killed
SOCKET_PATH_MAX = 100  # a unix socket's path must fit in sun_path (108 bytes)
# A test server: nothing needs to survive a crash, and the suite opens many connections.
PG_SETTINGS = {
    "listen_addresses": HOST,
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "64MB",
    "max_wal_size": "1GB",
    "log_min_messages": "warning",
    "log_checkpoints": "off",
}
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

T = TypeVar("T")
PathLike = str | os.PathLike[str]


class ServerError(RuntimeError):
    """A server could not be found, started or reached."""


# -- finding the binaries ---------------------------------------------------------------------


def postgres_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL's bin folder, or the folder of `initdb` on PATH."""
    majors = sorted(
        (p for p in PG_ROOT.glob("*/bin") if p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
        reverse=True,
    )
    for folder in majors:
        if all((folder / name).is_file() for name in ("initdb", "postgres", "pg_isready")):
            return folder
    initdb = shutil.which("initdb")
    if initdb is not None:
        folder = Path(initdb).resolve().parent
        if (folder / "postgres").is_file() and (folder / "pg_isready").is_file():
            return folder
    return None


def redis_binary() -> Path | None:
    found = shutil.which(REDIS_SERVER) or shutil.which(REDIS_SERVER, path="/usr/bin:/usr/sbin")
    return Path(found) if found else None


def servers_available() -> bool:
    """Whether both PostgreSQL and Redis can be started here."""
    return postgres_bin_dir() is not None and redis_binary() is not None


def missing_servers() -> str:
    """What is missing, for a skip reason or an error ("" when nothing is)."""
    missing = []
    if postgres_bin_dir() is None:
        missing.append(f"PostgreSQL (initdb, postgres, pg_isready under {PG_ROOT}/<version>/bin)")
    if redis_binary() is None:
        missing.append("redis-server")
    return ", ".join(missing)


# -- shared plumbing --------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def _service_user(name: str) -> pwd.struct_passwd | None:
    """Who runs a server: the package's system user when we are root, else ourselves (None)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(name)
    except KeyError:
        raise ServerError(
            f"running as root, and there is no {name!r} system user to run the server as "
            f"(Debian's package creates it)"
        ) from None


def _reachable(path: Path, user: pwd.struct_passwd) -> bool:
    """Whether `user` may walk down to `path` (each folder on the way lets them in)."""
    for folder in [path, *path.parents]:
        info = folder.stat()
        if info.st_uid == user.pw_uid:
            bit = stat.S_IXUSR
        elif info.st_gid == user.pw_gid:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not info.st_mode & bit:
            return False
    return True


def _workdir(base_dir: PathLike | None, prefix: str, user: pwd.struct_passwd | None) -> Path:
    """A fresh folder for one server, owned by the user who runs it. Under `base_dir` when that
    user can reach it (pytest's folders are private to root), else in the system's temp dir."""
    base = Path(base_dir) if base_dir is not None else Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    if user is not None and not _reachable(base.resolve(), user):
        base = Path(tempfile.gettempdir())
    root = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    return root


def _run_as(user: pwd.struct_passwd | None, root: Path) -> dict[str, Any]:
    """subprocess arguments: in the server's folder, as its user without root's groups."""
    if user is None:
        return {"cwd": root}
    return {"cwd": root, "user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _env() -> dict[str, str]:
    """The environment for a server's binaries: ours without libpq's PG* defaults."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C.UTF-8"
    return env


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(proc: subprocess.Popen[bytes], first: signal.Signals) -> None:
    """Ask the process to stop; kill it when it does not within STOP_TIMEOUT."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(first)
    try:
        proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(STOP_TIMEOUT)


def _wait_until(
    ready: Callable[[], bool], proc: subprocess.Popen[bytes], what: str, log: Path
) -> None:
    """Poll `ready()` until true; fail with the server's log if it exits or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while not ready():
        if proc.poll() is not None:
            raise ServerError(f"{what} exited with code {proc.returncode}:\n{_tail(log)}")
        if time.monotonic() > deadline:
            raise ServerError(
                f"{what} did not accept connections within {START_TIMEOUT:.0f} s:\n{_tail(log)}"
            )
        time.sleep(0.05)


def _blocking(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to the end from synchronous code, even inside a running event loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


# -- PostgreSQL -------------------------------------------------------------------------------


def database_url(admin_url: str, name: str) -> str:
    """The admin URL with another database name."""
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _quoted(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a plain database name: {name!r} (lowercase letters, digits, _)")
    return f'"{name}"'


async def _admin(admin_url: str, *statements: str) -> None:
    import asyncpg  # type: ignore[import-untyped]  # the bot's PostgreSQL driver

    conn = await asyncpg.connect(admin_url.replace("+asyncpg", "", 1), timeout=START_TIMEOUT)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def create_database(admin_url: str, name: str, template: str | None = None) -> str:
    """CREATE DATABASE `name` (a copy of `template` when given); returns its URL."""
    sql = f"CREATE DATABASE {_quoted(name)}"
    if template is not None:
        sql += f" TEMPLATE {_quoted(template)}"
    _blocking(_admin(admin_url, sql))
    return database_url(admin_url, name)


def drop_database(admin_url: str, name: str) -> None:
    """DROP DATABASE `name` if it exists, ending whatever connections are still open to it."""
    _blocking(_admin(admin_url, f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)"))


@dataclass(frozen=True)
class PostgresServer:
    url: str  # postgresql://postgres@127.0.0.1:PORT/postgres — superuser, trust auth
    port: int
    directory: Path

    def create_database(self, name: str, template: str | None = None) -> str:
        return create_database(self.url, name, template)

    def drop_database(self, name: str) -> None:
        drop_database(self.url, name)


@contextlib.contextmanager
def postgres_server(base_dir: PathLike | None = None) -> Iterator[PostgresServer]:
    """A fresh PostgreSQL cluster on 127.0.0.1 (trust auth, superuser `postgres`), gone after."""
    folder = postgres_bin_dir()
    if folder is None:
        raise ServerError(f"PostgreSQL is not installed: {missing_servers()}")
    user = _service_user("postgres")
    root = _workdir(base_dir, "pg-", user)
    run_as = _run_as(user, root)
    proc: subprocess.Popen[bytes] | None = None
    try:
        data, log = root / "data", root / "postgres.log"
        initdb = subprocess.run(
            [str(folder / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
            env=_env(), capture_output=True, timeout=120, check=False, **run_as,
        )  # fmt: skip
        if initdb.returncode != 0:
            raise ServerError(f"initdb failed:\n{initdb.stderr.decode(errors='replace')}")
        # Sockets beside the data (never /var/run/postgresql), if the path fits; TCP otherwise.
        sockets = str(root) if len(f"{root}/.s.PGSQL.65535") <= SOCKET_PATH_MAX else ""
        port = free_port()
        settings = {**PG_SETTINGS, "port": str(port), "unix_socket_directories": sockets}
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        with log.open("wb") as out:
            if user is not None:
                os.chown(log, user.pw_uid, user.pw_gid)
            proc = subprocess.Popen(
                [str(folder / "postgres"), "-D", str(data), *options],
                env=_env(), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True, **run_as,
            )  # fmt: skip
        isready = [str(folder / "pg_isready"), "-q", "-h", HOST, "-p", str(port), "-U", "postgres"]

        def ready() -> bool:
            return subprocess.run(isready, env=_env(), check=False, timeout=10).returncode == 0

        _wait_until(ready, proc, "PostgreSQL", log)
        yield PostgresServer(f"postgresql://postgres@{HOST}:{port}/postgres", port, root)
    finally:
        if proc is not None:
            _stop(proc, signal.SIGINT)  # "fast" shutdown: no waiting for clients
        shutil.rmtree(root, ignore_errors=True)


# -- Redis ------------------------------------------------------------------------------------


def redis_ping(port: int) -> bool:
    """Whether a Redis on 127.0.0.1:`port` answers PING."""
    try:
        with socket.create_connection((HOST, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@dataclass(frozen=True)
class RedisServer:
    url: str  # redis://127.0.0.1:PORT/0
    port: int
    directory: Path


@contextlib.contextmanager
def redis_server(base_dir: PathLike | None = None) -> Iterator[RedisServer]:
    """A fresh redis-server on 127.0.0.1 that keeps nothing on disk, gone after."""
    binary = redis_binary()
    if binary is None:
        raise ServerError("redis-server is not installed")
    user = _service_user("redis")
    root = _workdir(base_dir, "redis-", user)
    run_as = _run_as(user, root)
    proc: subprocess.Popen[bytes] | None = None
    try:
        port = free_port()
        log = root / "redis.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [str(binary), "--bind", HOST, "--port", str(port), "--dir", str(root),
                 "--save", "", "--appendonly", "no", "--daemonize", "no",
                 "--protected-mode", "yes", "--loglevel", "warning"],
                env=_env(), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True, **run_as,
            )  # fmt: skip
        _wait_until(lambda: redis_ping(port), proc, "redis-server", log)
        yield RedisServer(f"redis://{HOST}:{port}/0", port, root)
    finally:
        if proc is not None:
            _stop(proc, signal.SIGTERM)
        shutil.rmtree(root, ignore_errors=True)


# -- CLI ---------------------------------------------------------------------------------------


def run(command: Sequence[str], base_dir: PathLike | None = None) -> int:
    """Start both servers, run `command` with TEST_POSTGRES_URL and TEST_REDIS_URL set, stop
    them; the command's exit code. SIGTERM is passed on to the command, then both stop."""
    with postgres_server(base_dir) as pg, redis_server(base_dir) as redis:
        sys.stderr.write(f"servers: PostgreSQL on {pg.url}, Redis on {redis.url}\n")
        env = {**os.environ, "TEST_POSTGRES_URL": pg.url, "TEST_REDIS_URL": redis.url}
        child = subprocess.Popen(list(command), env=env)
        previous = signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        try:
            while True:
                try:
                    return child.wait()
                except KeyboardInterrupt:  # Ctrl+C reached the command too: let it finish
                    continue
        finally:
            signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.dev.servers",
        description="Throw-away PostgreSQL and Redis on 127.0.0.1 for tests and benchmarks.",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    runner = sub.add_parser(
        "run", help="start both, run a command with TEST_POSTGRES_URL and TEST_REDIS_URL set"
    )
    runner.add_argument("--dir", help="where the servers' folders go (default: the temp dir)")
    runner.add_argument("command", nargs=argparse.REMAINDER, help="-- the command to run")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run needs a command: python -m bot.dev.servers run -- <command...>")
    try:
        return run(command, args.dir)
    except ServerError as exc:
        sys.stderr.write(f"servers: {exc}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
