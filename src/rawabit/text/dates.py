"""Dates in the forms Arabic news sites print them -> ISO 8601.

A fast regex path, driven by the month names of ``data/months.yaml``, reads
the usual forms on the normalised string (Arabic-Indic digits become ASCII,
hamza/alef/yaa/taa-marbuta variants fold)::

    الإثنين 13/سبتمبر/2021 - 03:45 م      -> 2021-09-13T15:45
    28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400) -> 2013-08-28T14:00+04:00
    ١٣ أيلول ٢٠٢١                          -> 2021-09-13
    2020-06-03T03:01+0400                 -> 2020-06-03T03:01+04:00

dateparser (one parser per locale) is only tried on short strings that name a
month and a year which the regexes could not read. Hijri dates are ignored:
their month names are not in the data file and their years (14xx) fall
outside the accepted range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from rawabit.data import load_yaml
from rawabit.text.normalise import normalise, normalise_text

__all__ = ["parse_date", "parse_date_with_span"]

MIN_YEAR, MAX_YEAR = 1900, 2100
_LETTER_BEFORE = r"(?<![^\W\d_])"
_LETTER_AFTER = r"(?![^\W\d_])"
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
# A time may follow its date after a short label (``، آخر تحديث 14:00``).
_MAX_GAP = 25


@dataclass(frozen=True, slots=True)
class _Lexicon:
    month_of: dict[str, int]
    am: frozenset[str]
    pm: frozenset[str]
    noon: frozenset[str]
    night: frozenset[str]
    dates: tuple[re.Pattern[str], ...]
    time_after: re.Pattern[str]
    time_before: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    """Regex alternation of normalised words, longest first, any spacing inside."""
    uniq = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(p) for p in w.split()) for w in uniq)


@cache
def _lexicon() -> _Lexicon:
    data = load_yaml("months.yaml")
    month_of: dict[str, int] = {}
    for num, names in data["months"].items():
        for name in names:
            month_of[re.sub(r"\s+", "", normalise(str(name)))] = int(num)
    am = frozenset(normalise(w) for w in data["am"])
    pm = frozenset(normalise(w) for w in data["pm"])
    noon = frozenset(normalise(w) for w in data["noon"])
    night = frozenset(normalise(w) for w in data["night"])
    mon = _alternation([normalise(str(n)) for names in data["months"].values() for n in names])
    # A month, optionally doubled: ``آب/اغسطس``, ``آب (أغسطس)``, ``كانون الثاني - يناير``.
    mon2 = (
        rf"{_LETTER_BEFORE}(?P<mon>{mon}){_LETTER_AFTER}\.?"
        rf"(?:\s*[/(\-]\s*(?:{mon}){_LETTER_AFTER}\s*\)?)?"
    )
    year = r"(?P<y>\d{4})(?!\d)(?:\s*م" + _LETTER_AFTER + ")?"
    dates = (
        # 2020-06-03, 2020/12/25, 2020.12.25
        re.compile(r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d/])"),
        # 13/09/2021, 13-9-2021, 13.09.2021
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)" + year),
        # 13 سبتمبر 2021, 13/سبتمبر/2021, 5 من أكتوبر عام 2021, 28 آب/اغسطس 2013
        re.compile(
            r"(?<![\d.])(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*[/\-.,]?\s*(?:من\s+)?"
            + mon2
            + r"\s*[/\-.,]?\s*(?:(?:عام|سنه)\s+)?"
            + year
        ),
        # September 13, 2021 ; سبتمبر 13، 2021
        re.compile(mon2 + r"\s*(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th)?\s*,?\s*" + year),
    )
    ampm = _alternation(sorted(am | pm | noon | night))
    clock = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    meridiem = rf"(?:\s*(?P<ampm>{ampm}){_LETTER_AFTER})?"
    offset = (
        r"(?:(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?(?!\d)"
        r"|\s*\(?\s*(?:gmt|utc)\s*(?:(?P<gsign>[+-])\s*(?P<goh>\d{1,2})(?::?(?P<gom>\d{2}))?(?!\d))?\s*\)?"
        r"|(?P<z>z)(?![a-z]))?"
    )
    time_after = re.compile(rf"[^\d\n]{{0,{_MAX_GAP}}}?(?<!\d){clock}(?!\d){meridiem}{offset}")
    time_before = re.compile(rf"(?<![\d:]){clock}(?!\d){meridiem}[^\d\n]{{0,10}}$")
    return _Lexicon(month_of, am, pm, noon, night, dates, time_after, time_before)


def _ymd(m: re.Match[str], lex: _Lexicon) -> tuple[int, int, int] | None:
    """A valid (year, month, day) from a date match, or None."""
    g = m.groupdict()
    year, day = int(g["y"]), int(g["d"])
    if g.get("mon"):
        month = lex.month_of.get(re.sub(r"\s+", "", g["mon"]).rstrip("."))
        if month is None:
            return None
    else:
        month = int(g["m"])
        if month > 12 and day <= 12 and "y" in g and m.re is lex.dates[1]:
            month, day = day, month  # a US-style 09/13/2021
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return None
    return year, month, day


def _hour(h: int, ampm: str | None, lex: _Lexicon) -> int:
    if not ampm:
        return h
    if ampm in lex.am:
        return 0 if h == 12 else h
    if ampm in lex.noon:
        return h + 12 if h < 11 else h
    if ampm in lex.night:
        return 0 if h == 12 else h + 12 if h >= 6 else h
    return h + 12 if h < 12 else h


def _offset(g: dict[str, Any]) -> str:
    if g.get("sign"):
        return f"{g['sign']}{int(g['oh']):02d}:{int(g['om'] or 0):02d}"
    if g.get("gsign"):
        return f"{g['gsign']}{int(g['goh']):02d}:{int(g['gom'] or 0):02d}"
    if g.get("z"):
        return "+00:00"
    return ""


def _clock(m: re.Match[str], lex: _Lexicon, with_offset: bool) -> str | None:
    """``THH:MM[±HH:MM]`` of a time match, or None when it is not a valid time."""
    g = m.groupdict()
    hour, minute = int(g["h"]), int(g["mi"])
    ampm = g.get("ampm")
    if ampm and hour > 12:
        return None
    hour = _hour(hour, ampm, lex)
    if hour > 23 or minute > 59:
        return None
    off = _offset(g) if with_offset else ""
    if off and (int(off[1:3]) > 14 or int(off[4:]) > 59):
        off = ""
    return f"T{hour:02d}:{minute:02d}{off}"


def _regex_parse(norm: str, lex: _Lexicon) -> tuple[str, int, int] | None:
    """First valid date of a normalised string and its span there."""
    found: list[tuple[int, int, re.Match[str]]] = []
    for rank, pattern in enumerate(lex.dates):
        for m in pattern.finditer(norm):
            found.append((m.start(), rank, m))
    for start, _, m in sorted(found, key=lambda t: (t[0], t[1])):
        tail = norm[m.end() : m.end() + 3]
        if re.match(r"\s*ه" + _LETTER_AFTER, tail):  # a Hijri date (…هـ)
            continue
        ymd = _ymd(m, lex)
        if ymd is None:
            continue
        iso = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
        end = m.end()
        t = lex.time_after.match(norm, end)
        if t is not None and (clock := _clock(t, lex, with_offset=True)):
            return iso + clock, start, t.end()
        b = lex.time_before.search(norm[max(0, start - 30) : start])
        if b is not None and (clock := _clock(b, lex, with_offset=False)):
            return iso + clock, max(0, start - 30) + b.start(), end
        return iso, start, end
    return None


@cache
def _parser(locale: str) -> Any:
    from dateparser.date import DateDataParser  # slow import; only for the fallback

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    if locale in ("ar", "en"):
        return DateDataParser(languages=[locale], settings=settings)
    return DateDataParser(locales=[locale], settings=settings)


_FALLBACK_LOCALES = ("ar", "ar-LB", "ar-MA", "ar-DZ", "en")


def _dateparser_parse(s: str, norm: str, lex: _Lexicon) -> str | None:
    """dateparser on a short string naming a month and a year the regexes missed."""
    if len(norm) > 80 or not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", norm):
        return None
    if not any(w in lex.month_of for w in re.findall(r"[^\W\d_]+", norm)):
        return None
    for locale in _FALLBACK_LOCALES:
        try:
            dd = _parser(locale).get_date_data(s)
        except Exception:  # noqa: BLE001 - dateparser raises many kinds on odd input
            continue
        d = dd.date_obj
        if d is None or not MIN_YEAR <= d.year <= MAX_YEAR or str(d.year) not in norm:
            continue
        iso = d.strftime("%Y-%m-%d")
        if re.search(r"\d:\d\d", norm):
            iso += d.strftime("T%H:%M")
        return iso
    return None


def parse_date_with_span(s: str) -> tuple[str, int, int] | None:
    """The first date in ``s`` as ISO 8601 and its ``(start, end)`` span in ``s``.

    ``"نشر في 13 أيلول 2021 - 03:45 م"`` -> ``("2021-09-13T15:45", 7, 30)``.
    """
    if not s or not s.strip():
        return None
    lex = _lexicon()
    nt = normalise_text(s)
    hit = _regex_parse(nt.norm, lex)
    if hit is not None:
        iso, start, end = hit
        # trim spaces the match may have taken at its ends
        while end > start and nt.norm[end - 1] == " ":
            end -= 1
        o_start, o_end = nt.to_original(start, end)
        while o_end < len(s) and _MARKS.match(s[o_end]):  # a trailing harakah: مساءً
            o_end += 1
        return iso, o_start, o_end
    fallback = _dateparser_parse(s, nt.norm, lex)
    if fallback is None:
        return None
    stripped = s.strip()
    start = s.index(stripped)
    return fallback, start, start + len(stripped)


def parse_date(s: str) -> str | None:
    """ISO 8601 date of a date string, or None when it holds no date.

    ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM`` when a time is given, with
    ``±HH:MM`` appended when the string gives an offset:
    ``"الإثنين 13/سبتمبر/2021 - 03:45 م"`` -> ``"2021-09-13T15:45"``.
    """
    hit = parse_date_with_span(s)
    return hit[0] if hit else None
