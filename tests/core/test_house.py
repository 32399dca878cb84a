"""The layering rules of docs/architecture.md that can be counted, kept by tests: no import
circles, nothing imports upwards, handlers never touch storage, SQL lives in storage/, buttons
are routed by aiogram (no hand-dispatched `if action == …`), no product file over 700 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV = "bot/dev/"
ROOTS = {"bot.app", "bot.__main__", "bot.services"}  # the composition root
MAX_LINES = 700
SQL = re.compile(
    r"\b(SELECT\s+[\w*(].*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.I | re.S
)
ACTION_CHAIN = re.compile(r"\b(?:if|elif)\s+[\w.]*action\s*(?:==|in)\s")


def _sources() -> dict[str, Path]:
    mods = {}
    for folder in ("bot", "handlers", "storage"):
        for path in (ROOT / folder).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            mods[".".join(parts)] = path
    return mods


MODULES = _sources()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports() -> dict[str, set[str]]:
    """Every module's imports of project modules, wherever they stand (a function's body and
    `if TYPE_CHECKING:` included)."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - (node.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            for name in names:
                target = _resolve(name)
                if target and target != module:
                    graph[module].add(target)
    return graph


GRAPH = _imports()


def _product(path: Path) -> bool:
    return not path.relative_to(ROOT).as_posix().startswith(DEV)


def test_no_import_circles() -> None:
    seen: dict[str, int] = {}  # 1: on the path, 2: done
    circles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        seen[module] = 1
        for target in sorted(GRAPH[module]):
            if seen.get(target) == 1:
                circles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in seen:
                visit(target, [*path, target])
        seen[module] = 2

    for module in sorted(GRAPH):
        if module not in seen:
            visit(module, [module])
    assert circles == []


def test_imports_only_point_down() -> None:
    wrong = sorted(
        f"{m} → {t}"
        for m, targets in GRAPH.items()
        for t in targets
        if (m.startswith(("bot", "storage")) and m not in ROOTS and t.startswith("handlers"))
        or (m.startswith("storage") and t.startswith("bot"))
        or (m.startswith("handlers") and t.startswith("storage"))
        or (m.startswith("handlers") and t in ROOTS)
    )
    assert wrong == []


def test_domains_do_not_know_telegram_buttons() -> None:
    domains = ("bot.applications", "bot.training", "bot.webinars", "bot.loans", "bot.broadcasts")
    wrong = sorted(
        f"{m} → {t}"
        for m, targets in GRAPH.items()
        for t in targets
        if m.startswith(domains) and t.startswith("bot.telegram")
    )
    assert wrong == []


def test_sql_only_in_storage() -> None:
    outside = sorted(
        str(p.relative_to(ROOT))
        for p in MODULES.values()
        if _product(p)
        and not p.relative_to(ROOT).as_posix().startswith("storage/")
        and SQL.search(p.read_text("utf-8"))
    )
    assert outside == []


def test_buttons_are_routed_by_aiogram() -> None:
    chains = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / "handlers").rglob("*.py")
        if (n := len(ACTION_CHAIN.findall(p.read_text("utf-8"))))
    }
    assert sum(chains.values()) <= 10, chains


def test_no_product_file_is_over_700_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in MODULES.values()
        if _product(p) and (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
