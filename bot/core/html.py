"""Telegram's HTML parse mode, following tdlib's parser (MessageEntity.cpp) closely.

``parse_html`` turns Bot API HTML into plain text plus entities whose offsets and lengths are in
UTF-16 code units, and raises :class:`EntityParseError` with tdlib's wording where Telegram would
answer ``Bad Request: can't parse entities: ...``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = [
    "EntityParseError",
    "UnsupportedParseModeError",
    "parse_html",
    "parse_text",
    "trim_text",
    "utf16_len",
]

Entity = dict[str, Any]


class EntityParseError(ValueError):
    """HTML that Telegram refuses; ``str(exc)`` is the part after ``can't parse entities: ``."""


class UnsupportedParseModeError(ValueError):
    """A ``parse_mode`` Telegram does not know (``Bad Request: unsupported parse_mode``)."""


def utf16_len(s: str) -> int:
    """Length of ``s`` in UTF-16 code units (what Telegram counts as "characters")."""
    if s.isascii():
        return len(s)
    return len(s.encode("utf-16-le")) // 2


_ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_SPACE = frozenset(" \t\r\n\v\0")
_SPECIAL = re.compile(r"[<&]")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ALPHA = re.compile(r"[A-Za-z]*")
_DEC = re.compile(r"[0-9]*")
_HEX = re.compile(r"[0-9A-Fa-f]*")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_LINK_SCHEMES = frozenset({"http", "https", "tg", "ton", "tonsite", "mailto"})
# What tdlib trims from both ends of a message text.
_TRIM = " \t\r\n\v\f"


def _byte_offset(text: str, pos: int) -> int:
    return len(text[:pos].encode("utf-8"))


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the HTML entity starting at ``text[pos] == "&"``: (character, position after)."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        if end < n and text[end] == "x":
            m = _HEX.match(text, end + 1)
            assert m is not None
            digits, base = m.group(), 16
        else:
            m = _DEC.match(text, end)
            assert m is not None
            digits, base = m.group(), 10
        end = m.end()
        if not digits or len(digits) > 8:
            return None
        code = int(digits, base)
        if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        m = _ALPHA.match(text, end)
        assert m is not None
        end = m.end()
        named = _NAMED.get(m.group())
        if named is None:
            return None
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


def _normalize_url(url: str) -> str | None:
    url = url.strip()
    if not url or any(c in _SPACE for c in url):
        return None
    m = _SCHEME.match(url)
    if m is None:
        return "http://" + url
    if m.group(1).lower() not in _LINK_SCHEMES:
        return None
    return url


class _Open:
    __slots__ = ("argument", "expandable", "extra", "offset", "tag")

    def __init__(self, tag: str, argument: str, offset: int) -> None:
        self.tag = tag
        self.argument = argument
        self.offset = offset
        self.expandable = False
        self.extra: dict[str, str] = {}


def _parse_html_uncached(text: str, strict_amp: bool) -> tuple[str, tuple[Entity, ...]]:
    out: list[str] = []
    u16 = 0
    stack: list[_Open] = []
    entities: list[Entity] = []
    n = len(text)
    pos = 0

    def chunk(s: str) -> None:
        nonlocal u16
        if s:
            out.append(s)
            u16 += utf16_len(s)

    while pos < n:
        m = _SPECIAL.search(text, pos)
        if m is None:
            chunk(text[pos:])
            break
        i = m.start()
        chunk(text[pos:i])
        if text[i] == "&":
            decoded = _decode_entity(text, i)
            if decoded is None:
                if strict_amp:
                    raise EntityParseError(
                        f'Character "&" at byte offset {_byte_offset(text, i)} must be escaped'
                        ' as "&amp;"'
                    )
                chunk("&")
                pos = i + 1
            else:
                chunk(decoded[0])
                pos = decoded[1]
            continue
        begin = i
        i += 1
        if i < n and text[i] == "/":
            pos = _close_tag(text, begin, stack, entities, out, u16)
            continue
        # start tag
        while i < n and text[i] not in _SPACE and text[i] != ">":
            i += 1
        if i >= n:
            raise EntityParseError(
                f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
            )
        tag = text[begin + 1 : i].lower()
        if tag not in _ALLOWED_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        opened = _Open(tag, "", u16)
        i = _parse_attributes(text, begin, i, opened)
        if tag == "span" and opened.argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(text, begin)}"
            )
        if tag == "tg-emoji" and not opened.argument.isdigit():
            raise EntityParseError("Invalid custom emoji identifier specified")
        if tag == "tg-time" and not opened.extra.get("unix", "").lstrip("-").isdigit():
            raise EntityParseError("Invalid Unix time specified")
        stack.append(opened)
        pos = i + 1  # skip ">"
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), tuple(entities)


def _parse_attributes(text: str, begin: int, i: int, opened: _Open) -> int:
    """Parse a start tag's attributes from ``i``; return the index of its closing ``>``."""
    n = len(text)
    tag = opened.tag
    while True:
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n:
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        if text[i] == ">":
            return i
        name_begin = i
        while i < n and text[i] not in _SPACE and text[i] != "=" and text[i] != ">":
            i += 1
        name = text[name_begin:i].lower()
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset '
                f"{_byte_offset(text, begin)}"
            )
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n or text[i] != "=":
            if tag == "blockquote" and name == "expandable":
                opened.expandable = True
                continue
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" at byte '
                f"offset {_byte_offset(text, begin)}"
            )
        i += 1
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n:
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        if text[i] not in "'\"":
            m = _NAME_TOKEN.match(text, i)
            assert m is not None
            value = m.group().lower()
            i = m.end()
            if i >= n or (text[i] not in _SPACE and text[i] != ">"):
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, m.start())}"
                )
        else:
            quote = text[i]
            i += 1
            parts: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_entity(text, i)
                    if decoded is not None:
                        parts.append(decoded[0])
                        i = decoded[1]
                        continue
                parts.append(text[i])
                i += 1
            if i < n:
                i += 1
            value = "".join(parts)
        if i >= n:
            raise EntityParseError(
                f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
            )
        if tag == "a" and name == "href":
            opened.argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            opened.argument = value[len("language-") :]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            opened.argument = value[len("tg-") :]
        elif tag == "tg-emoji" and name == "emoji-id":
            opened.argument = value
        elif tag == "tg-time" and name in ("unix", "format"):
            opened.extra[name] = value


def _close_tag(
    text: str,
    begin: int,
    stack: list[_Open],
    entities: list[Entity],
    out: list[str],
    u16: int,
) -> int:
    """Handle ``</...>`` at ``begin``; return the position after it."""
    n = len(text)
    if not stack:
        raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
    i = begin + 2
    while i < n and text[i] not in _SPACE and text[i] != ">":
        i += 1
    end_name = text[begin + 2 : i].lower()
    while i < n and text[i] in _SPACE:
        i += 1
    if i >= n or text[i] != ">":
        raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
    opened = stack.pop()
    if end_name and end_name != opened.tag:
        raise EntityParseError(
            f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, expected "
            f'"</{opened.tag}>", found "</{end_name}>"'
        )
    length = u16 - opened.offset
    if length > 0:
        _add_entity(opened, length, entities, out, stack)
    return i + 1


def _add_entity(
    opened: _Open, length: int, entities: list[Entity], out: list[str], stack: list[_Open]
) -> None:
    tag, offset = opened.tag, opened.offset
    simple = _SIMPLE_TYPES.get(tag)
    if simple is not None:
        entities.append({"type": simple, "offset": offset, "length": length})
    elif tag == "a":
        url = opened.argument
        if not url:
            # tdlib uses the link text itself when href is absent
            inner = "".join(out)
            url = inner[len(inner) - _u16_to_index_from_end(inner, length) :]
        normalized = _normalize_url(url)
        if normalized is not None:
            entities.append(
                {"type": "text_link", "offset": offset, "length": length, "url": normalized}
            )
    elif tag == "code":
        entity: Entity = {"type": "code", "offset": offset, "length": length}
        if stack and stack[-1].tag == "pre" and opened.argument:
            entity["language"] = opened.argument
        entities.append(entity)
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
        ):
            entities.pop()
            pre: Entity = {"type": "pre", "offset": offset, "length": length}
            if "language" in last:
                pre["language"] = last["language"]
            entities.append(pre)
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "blockquote":
        kind = "expandable_blockquote" if opened.expandable else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})
    elif tag == "tg-emoji":
        entities.append(
            {
                "type": "custom_emoji",
                "offset": offset,
                "length": length,
                "custom_emoji_id": opened.argument,
            }
        )
    elif tag == "tg-time":
        time_entity: Entity = {
            "type": "date_time",
            "offset": offset,
            "length": length,
            "unix_time": int(opened.extra["unix"]),
        }
        if opened.extra.get("format"):
            time_entity["date_time_format"] = opened.extra["format"]
        entities.append(time_entity)


def _u16_to_index_from_end(s: str, units: int) -> int:
    """How many code points at the end of ``s`` make up ``units`` UTF-16 code units."""
    count = 0
    idx = len(s)
    while units > 0 and idx > 0:
        idx -= 1
        units -= 2 if ord(s[idx]) > 0xFFFF else 1
        count += 1
    return count


@lru_cache(maxsize=4096)
def _parse_cached(text: str, strict_amp: bool) -> tuple[str, tuple[Entity, ...]]:
    return _parse_html_uncached(text, strict_amp)


def parse_html(text: str, *, strict_amp: bool = True) -> tuple[str, list[Entity]]:
    """Parse Telegram HTML; return (plain text, entities). Raises :class:`EntityParseError`.

    Real Telegram keeps a bare ``&`` that starts no known entity as a literal character; with
    ``strict_amp`` (the default) it is an error, which catches unescaped user input early.
    """
    plain, entities = _parse_cached(text, strict_amp)
    return plain, [dict(e) for e in entities]


def trim_text(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Strip leading/trailing whitespace like Telegram does, shifting and clipping entities."""
    stripped = text.strip(_TRIM)
    if stripped == text:
        return text, entities
    if not stripped:
        return "", []
    left = utf16_len(text[: len(text) - len(text.lstrip(_TRIM))])
    total = utf16_len(stripped)
    result: list[Entity] = []
    for e in entities:
        start = max(e["offset"] - left, 0)
        end = min(e["offset"] + e["length"] - left, total)
        if end > start:
            shifted = dict(e)
            shifted["offset"] = start
            shifted["length"] = end - start
            result.append(shifted)
    return stripped, result


def parse_text(
    text: str, parse_mode: str | None, *, strict_amp: bool = True
) -> tuple[str, list[Entity]]:
    """Text as Telegram stores it: parsed per ``parse_mode`` (only HTML is parsed), then trimmed.

    Markdown modes are not parsed (the text is taken literally); an unknown mode raises
    :class:`UnsupportedParseModeError`.
    """
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, entities = parse_html(text, strict_amp=strict_amp)
    elif mode in ("", "markdown", "markdownv2"):
        plain, entities = text, []
    else:
        raise UnsupportedParseModeError(parse_mode)
    return trim_text(plain, entities)
