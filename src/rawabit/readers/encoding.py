"""Decode input bytes: UTF-8, UTF-8 with BOM, UTF-16 with BOM and Windows-1256."""

from __future__ import annotations

import re

from rawabit.errors import ReadError

_ARABIC = re.compile(r"[\u0600-\u06FF]")


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
        raise ReadError(path, "binary file (NUL bytes), not a text article")
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
