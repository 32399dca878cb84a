"""The machine-readable Bot API description (shared/botapi/api.json) as a request checker.

:class:`BotApiSpec` is built once from the JSON and precompiles every method and type, so that
``check(method, params)`` costs a few dictionary look-ups per parameter.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.html import EntityParseError, UnsupportedParseModeError, parse_text, utf16_len

from .models import UploadedFile

__all__ = ["DEFAULT_SPEC_PATH", "BotApiSpec", "load_spec"]

log = logging.getLogger(__name__)

DEFAULT_SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "botapi" / "api.json"

_LIMIT = re.compile(r"(\d+)-(\d+) (characters|bytes)")
_TYPE_TAG = re.compile(r'(?:must be|always) "?([a-z_]+)"?')
_INT = re.compile(r"-?\d+")
_MAX_DEPTH = 8
_PRIMITIVES = frozenset({"Integer", "Float", "Boolean", "String", "InputFile"})


@dataclass(frozen=True, slots=True)
class Limit:
    """A documented length limit of a string field."""

    lo: int
    hi: int
    unit: str  # "characters" (UTF-16 units) or "bytes" (UTF-8)
    parsed: bool  # counted after entity parsing


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One parameter of a method or field of a type."""

    name: str
    types: tuple[str, ...]
    required: bool
    limit: Limit | None
    parse_mode_field: str | None


@dataclass(frozen=True, slots=True)
class ObjSpec:
    """A method or a type: its fields, or the subtypes of a union."""

    name: str
    fields: dict[str, FieldSpec]
    required: tuple[str, ...]
    subtypes: tuple[str, ...]
    type_tag: str | None


def _compile(name: str, raw: Mapping[str, Any]) -> ObjSpec:
    raw_fields = raw.get("fields") or []
    names = {str(f["name"]) for f in raw_fields}
    fields: dict[str, FieldSpec] = {}
    type_tag: str | None = None
    for f in raw_fields:
        fname = str(f["name"])
        desc = str(f.get("description", ""))
        m = _LIMIT.search(desc)
        limit = None
        if m is not None:
            limit = Limit(
                int(m.group(1)),
                int(m.group(2)),
                m.group(3),
                "after entit" in desc and m.group(3) == "characters",
            )
        pm: str | None = None
        if f"{fname}_parse_mode" in names:
            pm = f"{fname}_parse_mode"
        elif "parse_mode" in names:
            pm = "parse_mode"
        fields[fname] = FieldSpec(
            fname, tuple(str(t) for t in f.get("types", [])), bool(f.get("required")), limit, pm
        )
        if fname == "type":
            tm = _TYPE_TAG.search(desc)
            if tm is not None:
                type_tag = tm.group(1)
    required = tuple(n for n, fs in fields.items() if fs.required)
    return ObjSpec(name, fields, required, tuple(raw.get("subtypes") or ()), type_tag)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, UploadedFile):
        return "InputFile"
    return type(value).__name__


class BotApiSpec:
    """Precompiled Bot API description; ``check`` lists what Telegram would reject."""

    def __init__(self, data: Mapping[str, Any], path: Path | None = None) -> None:
        self.path = path
        self.version = str(data.get("version", ""))
        self.methods: dict[str, ObjSpec] = {
            name: _compile(name, raw) for name, raw in data.get("methods", {}).items()
        }
        self.types: dict[str, ObjSpec] = {
            name: _compile(name, raw) for name, raw in data.get("types", {}).items()
        }
        self._ci = {name.lower(): name for name in self.methods}
        self._decode_cache: dict[str, dict[str, tuple[str, ...]]] = {}
        self._strict_amp = True

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> BotApiSpec:
        """Load from a JSON file."""
        p = Path(path)
        with p.open(encoding="utf-8") as fh:
            return cls(json.load(fh), p)

    def canonical_method(self, name: str) -> str | None:
        """The method's real name (method names are case-insensitive), or None if unknown."""
        return self._ci.get(name.lower())

    def has_method(self, name: str) -> bool:
        """True if the method exists."""
        return name.lower() in self._ci

    def param_types(self, method: str) -> dict[str, tuple[str, ...]]:
        """Parameter name → declared types of a method (empty if unknown)."""
        cached = self._decode_cache.get(method)
        if cached is None:
            ms = self.methods.get(method)
            cached = {} if ms is None else {n: f.types for n, f in ms.fields.items()}
            self._decode_cache[method] = cached
        return cached

    # ----------------------------------------------------------------------------- checking

    def check(
        self, method: str, params: Mapping[str, Any], *, strict_amp: bool = True
    ) -> list[str]:
        """Violations of the spec by a call with decoded params (empty list if none).

        ``strict_amp`` is passed to the HTML parser when measuring parsed lengths.
        """
        self._strict_amp = strict_amp  # check() is synchronous, so this is safe
        canonical = self.canonical_method(method)
        if canonical is None:
            return [f"unknown method {method}"]
        ms = self.methods[canonical]
        out: list[str] = [
            f'parameter "{name}" is required' for name in ms.required if params.get(name) is None
        ]
        for key, value in params.items():
            if value is None:
                continue
            fs = ms.fields.get(key)
            if fs is None:
                out.append(f'unknown parameter "{key}"')
                continue
            self._check_field(fs, value, params, key, out, 0)
        return out

    def _check_field(
        self,
        fs: FieldSpec,
        value: Any,
        container: Mapping[str, Any],
        path: str,
        out: list[str],
        depth: int,
    ) -> None:
        if not self._check_value(value, fs.types, path, out, depth):
            return
        if fs.limit is not None and isinstance(value, str):
            self._check_limit(fs, value, container, path, out)

    def _check_limit(
        self, fs: FieldSpec, value: str, container: Mapping[str, Any], path: str, out: list[str]
    ) -> None:
        limit = fs.limit
        assert limit is not None
        if limit.unit == "bytes":
            size = len(value.encode("utf-8"))
        elif limit.parsed:
            mode = container.get(fs.parse_mode_field) if fs.parse_mode_field else None
            try:
                plain, _ = parse_text(
                    value, mode if isinstance(mode, str) else None, strict_amp=self._strict_amp
                )
            except EntityParseError as exc:
                out.append(f"{path}: can't parse entities: {exc}")
                return
            except UnsupportedParseModeError:
                out.append(f"{path}: unsupported parse_mode")
                return
            size = utf16_len(plain)
        else:
            size = utf16_len(value)
        if not limit.lo <= size <= limit.hi:
            what = "after entities parsing " if limit.parsed else ""
            out.append(
                f"{path}: must be {limit.lo}-{limit.hi} {limit.unit} {what}long, got {size}"
            )

    def _check_value(
        self, value: Any, types: tuple[str, ...], path: str, out: list[str], depth: int
    ) -> bool:
        """Check ``value`` against alternatives ``types``; return True if it matches."""
        if len(types) == 1:
            return self._check_one(value, types[0], path, out, depth)
        best: list[str] | None = None
        for t in types:
            trial: list[str] = []
            if self._check_one(value, t, path, trial, depth) and not trial:
                return True
            if trial and (best is None or len(trial) < len(best)):
                best = trial
        if best is not None and not all(t in _PRIMITIVES for t in types):
            out.extend(best)
        else:
            out.append(f"{path}: must be {' or '.join(types)}, got {_type_name(value)}")
        return False

    def _check_one(self, value: Any, t: str, path: str, out: list[str], depth: int) -> bool:
        if t in _PRIMITIVES:
            ok = _primitive_ok(value, t)
            if not ok:
                out.append(f"{path}: must be {t}, got {_type_name(value)}")
            return ok
        if t.startswith("Array of "):
            if not isinstance(value, list):
                out.append(f"{path}: must be {t}, got {_type_name(value)}")
                return False
            inner = (t[len("Array of ") :],)
            if depth >= _MAX_DEPTH:
                return True
            ok = True
            for i, item in enumerate(value):
                ok = self._check_value(item, inner, f"{path}[{i}]", out, depth + 1) and ok
            return ok
        spec = self.types.get(t)
        if spec is None:
            return True  # unknown type name: nothing to check
        if t == "KeyboardButton" and isinstance(value, str):
            return True  # "String can be used instead of this object"
        if spec.subtypes:
            return self._check_union(value, spec, path, out, depth)
        if not isinstance(value, dict):
            out.append(f"{path}: must be {t}, got {_type_name(value)}")
            return False
        if depth >= _MAX_DEPTH or not spec.fields:
            return True
        return self._check_object(value, spec, path, out, depth)

    def _check_union(
        self, value: Any, spec: ObjSpec, path: str, out: list[str], depth: int
    ) -> bool:
        if isinstance(value, dict) and isinstance(value.get("type"), str):
            for sub in spec.subtypes:
                sub_spec = self.types.get(sub)
                if sub_spec is not None and sub_spec.type_tag == value["type"]:
                    return self._check_one(value, sub, path, out, depth)
            if all((s := self.types.get(sub)) is not None and s.type_tag for sub in spec.subtypes):
                out.append(f'{path}: unknown {spec.name} type "{value["type"]}"')
                return False
        return self._check_value(value, spec.subtypes, path, out, depth)

    def _check_object(
        self, value: dict[str, Any], spec: ObjSpec, path: str, out: list[str], depth: int
    ) -> bool:
        before = len(out)
        for name in spec.required:
            if value.get(name) is None:
                out.append(f'{path}: field "{name}" of {spec.name} is required')
        for key, item in value.items():
            if item is None:
                continue
            fs = spec.fields.get(key)
            if fs is None:
                out.append(f'{path}: unknown field "{key}" in {spec.name}')
                continue
            self._check_field(fs, item, value, f"{path}.{key}", out, depth + 1)
        return len(out) == before

    # ----------------------------------------------------------------------------- decoding

    def decode_param(self, method: str, name: str, raw: Any) -> Any:
        """Turn a form value (a string) into the type the spec declares for it."""
        types = self.param_types(method).get(name)
        if types is None or not isinstance(raw, str):
            return raw
        return coerce(raw, types)


def _primitive_ok(value: Any, t: str) -> bool:
    if t == "String":
        return isinstance(value, str)
    if t == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "Boolean":
        return isinstance(value, bool)
    if t == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    # InputFile: an upload, or a reference to one
    return isinstance(value, UploadedFile) or (
        isinstance(value, str) and value.startswith("attach://")
    )


_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


def coerce(raw: str, types: tuple[str, ...]) -> Any:
    """Decode a string form value for a field declared with ``types``."""
    wants_json = False
    for t in types:
        if t == "Integer":
            if _INT.fullmatch(raw.strip()):
                return int(raw)
        elif t == "Float":
            try:
                return float(raw)
            except ValueError:
                pass
        elif t == "Boolean":
            low = raw.strip().lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
        elif t not in _PRIMITIVES:
            wants_json = True
    if wants_json and raw.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(raw)
        except ValueError:
            pass
    return raw


def load_spec(path: str | os.PathLike[str] | None = None) -> BotApiSpec | None:
    """Load the Bot API spec from ``path``, ``$BOTAPI_SPEC`` or the default; None if absent."""
    chosen = Path(path or os.environ.get("BOTAPI_SPEC") or DEFAULT_SPEC_PATH)
    if not chosen.is_file():
        log.info("Bot API spec not found at %s", chosen)
        return None
    return BotApiSpec.from_path(chosen)
