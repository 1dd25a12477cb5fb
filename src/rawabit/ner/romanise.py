"""Readable English romanisation of Arabic names, and provisional actor ids.

``romanise("محمد نعيم")`` -> ``"Mohammad Naeem"``; ``romanise("ذبيح الله مجاهد")``
-> ``"Zabihullah Mujahid"``. Known names and name words come from
``data/romanise.yaml``; other words are transliterated letter by letter with
short vowels guessed from common name patterns (``حامد`` -> ``Hamid``). The
result aims at readability, not at a scholarly transliteration.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache, lru_cache

from rawabit.data import load_yaml
from rawabit.text.normalise import normalise, strip_diacritics

_VOWEL_LETTERS = "اوىيآ"
# names whose romanisation and id are remembered: the same people recur from article to article
NAMES_REMEMBERED = 20_000
_NON_LETTER = re.compile(r"[^\w\s]+|\d+|_")


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    data = load_yaml("romanise.yaml")
    names = {normalise(k): v for k, v in data["names"].items()}
    words = {normalise(k): v for k, v in data["words"].items()}
    compounds = {normalise(k): v for k, v in data["compounds"].items()}
    letters = {k: str(v) for k, v in data["letters"].items()}
    return names, words, compounds, letters


def _letters(word: str) -> str:
    """Letter-by-letter transliteration with guessed short vowels."""
    _, _, _, letters = _tables()
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < n else ""
        if ch in "وي":
            consonantal = i == 0 or prev in "اآ" or nxt in _VOWEL_LETTERS or (nxt == "" and prev in "وي")
            if consonantal and not (nxt == "" and ch == "ي" and i > 1):
                out.append("w" if ch == "و" else "y")
                if i == 0 and nxt and nxt not in _VOWEL_LETTERS:
                    out.append("a")
            else:
                out.append(("o" if nxt == "" and i > 1 else "u") if ch == "و" else "i")
            continue
        if ch in "اأإآ":
            out.append("a" if i else letters.get(ch, "a"))
            continue
        t = "a" if ch == "ه" and nxt == "" and i > 1 and prev not in _VOWEL_LETTERS else letters.get(ch, ch)
        out.append(t)
        # a short vowel between two consonants, as unwritten in Arabic
        if nxt and nxt not in _VOWEL_LETTERS and nxt not in "ةء" and t:
            if i == 0 and ch == "م":
                out.append("u")  # participle prefix: مجاهد Mujahid, محمد Muhammad
            elif prev in "اآ" and i + 2 == n:
                out.append("i")  # faa'il pattern: حامد Hamid, خالد Khalid
            elif i + 2 == n and nxt != "ة" and prev and prev not in _VOWEL_LETTERS:
                out.append("a")
            elif i + 2 < n or i == 0:
                out.append("a")
    s = "".join(out)
    s = re.sub(r"([aeiou])\1+", r"\1", s)
    s = re.sub(r"(.)\1{2,}", r"\1\1", s)
    return s


def _word(w: str, first: bool) -> str:
    _, words, _, _ = _tables()
    key = normalise(w)
    if key in words:
        return words[key]
    base = strip_diacritics(w)
    if key.startswith("ال") and len(key) > 3 and base[:1] == "ا":  # not ألمانيا
        rest = key[2:]
        if rest in words:
            return "al-" + words[rest]
        return "al-" + _letters(base[2:]).capitalize()
    return _letters(base).capitalize()


@lru_cache(maxsize=NAMES_REMEMBERED)
def romanise(arabic: str) -> str:
    """Readable English form of an Arabic name.

    >>> romanise("محمد نعيم")
    'Mohammad Naeem'
    >>> romanise("ذبيح الله مجاهد")
    'Zabihullah Mujahid'
    """
    names, words, compounds, _ = _tables()
    text = _NON_LETTER.sub(" ", strip_diacritics(arabic))
    key = normalise(text)
    if not key:
        return ""
    if key in names:
        return names[key]
    ws = text.split()
    out: list[str] = []
    i = 0
    while i < len(ws):
        w = ws[i]
        nw = normalise(w)
        nxt = normalise(ws[i + 1]) if i + 1 < len(ws) else ""
        if nw == "عبد" and nxt:
            # عبد الله -> Abdullah, عبد الرحمن -> Abdul Rahman
            if nxt == "الله":
                out.append("Abdullah")
            else:
                rest = _word(ws[i + 1], False)
                out.append("Abdul " + (rest[3:].capitalize() if rest.startswith("al-") else rest))
            i += 2
            continue
        if nxt in compounds and out is not None:
            head = _word(w, not out)
            out.append(head + compounds[nxt])
            i += 2
            continue
        out.append(_word(w, not out))
        i += 1
    s = " ".join(x for x in out if x)
    if s[:3] == "al-":
        s = "Al-" + s[3:]
    return s


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


@lru_cache(maxsize=NAMES_REMEMBERED)
def provisional_id(arabic: str) -> str:
    """A stable id for an actor found by NER and not in the KB.

    The same normalised name gives the same id in every article
    (``prov-mohammad-naeem-3f2a1c``).
    """
    key = normalise(_NON_LETTER.sub(" ", strip_diacritics(arabic)))
    key = " ".join(key.split())
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    slug = _slug(romanise(key))[:40].strip("-") or "x"
    return f"prov-{slug}-{digest}"
