"""Article dates in the forms Arabic news sites use (first version; to be extended)."""

from __future__ import annotations

import re

from rawabit.text.normalise import normalise

_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7,
    "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}
_RE = re.compile(r"(\d{1,2})\s*[/\-. ]\s*([^\W\d_]+|\d{1,2})\s*[/\-. ]\s*(\d{4})(?:\D+(\d{1,2}):(\d{2})\s*(م|ص|مساء|صباحا)?)?")


def parse_date(s: str) -> str | None:
    """ISO date (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``) of a date string, or None."""
    m = _RE.search(normalise(s))
    if not m:
        return None
    day, mon, year = int(m.group(1)), m.group(2), int(m.group(3))
    month = int(mon) if mon.isdigit() else _MONTHS.get(mon)
    if not month or not 1 <= day <= 31:
        return None
    if m.group(4):
        hour, minute = int(m.group(4)), int(m.group(5))
        if m.group(6) in ("م", "مساء") and hour < 12:
            hour += 12
        return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"
