"""Decode input bytes: UTF-8, UTF-8 with BOM, UTF-16 with or without BOM and Windows-1256; tell HTML from text."""

from __future__ import annotations

import re

from rawabit.errors import ReadError

_ARABIC = re.compile(r"[\u0600-\u06FF]")
# Markup only an HTML document has: a doctype, the html/head/body elements.
_HTML_MARK = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|/head>|/body>|/html>)", re.I)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML document (a doctype or html/head/body tags in its first 4,096
    characters), whatever the name of the file it came from."""
    return _HTML_MARK.search(text, 0, 4096) is not None


# High bytes of UTF-16 code units in text: ASCII and Latin-1 (00), Arabic (06), general
# punctuation (20), Arabic presentation forms (FB, FE).
_TEXT_HIGH_BYTES = frozenset((0x00, 0x06, 0x20, 0xFB, 0xFE))


def _utf16_without_bom(data: bytes) -> str | None:
    """``data`` decoded as UTF-16 (little or big endian) when it reads as text without a BOM, else None."""
    head = data[:4096]
    for enc, high in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if not high or sum(b in _TEXT_HIGH_BYTES for b in high) < 0.9 * len(high):
            continue
        try:
            text = data[: len(data) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return None


def decode(data: bytes, path: str) -> str:
    """Decode ``data`` or raise :class:`ReadError` naming ``path`` and the reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(path, f"invalid UTF-16 at byte {exc.start}") from exc
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is None:
            raise ReadError(path, "binary file (NUL bytes), not a text article")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _ARABIC.search(text):
        return text
    from charset_normalizer import from_bytes  # only for rare non-Arabic encodings

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(path, "unknown text encoding (not UTF-8 or Windows-1256)")
    return str(best)
