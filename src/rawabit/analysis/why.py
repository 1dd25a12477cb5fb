"""``rawabit why A B``: the reasons articles give for the relation between A and B.

A reason is a sentence (or the clause after a list cue) of an article that
mentions A or B — by name or, through the mentions table, by an anaphor the
extractor resolved — and

* carries a causal, purpose or consequence cue of ``data/why.yaml``
  (``بسبب``، ``نظرًا لـ``، ``لعدة أسباب، في مقدمتها``، ``من أجل``، ``لذلك``) in a
  sentence about the pair; or
* belongs to a passage opened by a heading that asks about the pair
  (``لماذا استمرار تحالف القاعدة وطالبان؟``) and opens a paragraph after a
  sub-heading, continues a list (``أيضا``، ``كما``) or names a motive
  (a common enemy, recruiting fighters, funding, shelter, power); or
* continues (``أيضا``، ``كما``) a list of reasons begun just before; or
* ties both A and B to the same third actor (a common enemy or ally), as the
  relations extracted from that sentence show.

Reasons are ranked by the strength of these signals; copies of one story
(a near-duplicate cluster) are read once.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rawabit.analysis.cues import cues, find_cues
from rawabit.analysis.resolve import name_key, resolve_actor
from rawabit.model import Sentence, Token
from rawabit.text.normalise import normalise, normalise_text
from rawabit.text.segment import tokenize

__all__ = ["Reason", "find_reasons", "why"]

_WEIGHTS = {"list": 4.0, "cause": 3.0, "consequence": 2.0, "purpose": 2.0}
_HEADING_MAX_WORDS = 8


@dataclass
class Reason:
    """A reason span with its evidence and the signals that made it one."""

    article_id: str
    start: int
    end: int
    text: str
    score: float
    signals: list[str] = field(default_factory=list)
    sentence_idx: int | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    copies: int = 1  # articles of the same near-duplicate cluster

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    n_words: int
    text: str


def _lines(text: str, tokens: Sequence[Token]) -> list[_Line]:
    out = []
    pos = 0
    starts = [t.start for t in tokens]
    import bisect

    for raw in text.split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        if not raw.strip():
            continue
        lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        n = sum(1 for t in tokens[lo:hi] if t.is_word)
        out.append(_Line(s, e, n, raw.strip()))
    return out


def _is_heading(line: _Line, nxt: _Line | None) -> bool:
    if nxt is None or line.n_words == 0 or line.n_words > _HEADING_MAX_WORDS:
        return False
    if line.text.endswith(("?", "؟")):
        return True
    return not line.text.endswith((".", "،", ",", ":", "!", "؛")) and nxt.n_words > line.n_words


def _has(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s >= start and e <= end for s, e in spans)


def find_reasons(
    text: str,
    sentences: Sequence[Sentence],
    tokens: Sequence[Token],
    spans_a: Sequence[tuple[int, int]],
    spans_b: Sequence[tuple[int, int]],
    pair_sentences: frozenset[int] = frozenset(),
    third_party_sentences: frozenset[int] = frozenset(),
    title: str | None = None,
) -> list[Reason]:
    """Reason spans of one article for the pair whose mentions are ``spans_a`` / ``spans_b``.

    ``pair_sentences``: sentences holding a relation between A and B;
    ``third_party_sentences``: sentences tying both to one third actor.
    """
    lex = cues()["cues"]
    reason_groups = {g: lex[g] for g in ("list", "cause", "consequence", "purpose")}
    lines = _lines(text, tokens)
    headings = {i for i, ln in enumerate(lines) if _is_heading(ln, lines[i + 1] if i + 1 < len(lines) else None)}
    both = list(spans_a) + list(spans_b)

    def asks(ln: _Line) -> bool:
        words = [t for t in tokens if t.is_word and t.start >= ln.start and t.end <= ln.end]
        return ln.text.endswith(("?", "؟")) or bool(find_cues(words, {"q": lex["question"]}))

    # passages opened by a question heading about the pair; a question about something else closes it
    in_passage: set[int] = set()  # line indices
    open_ = False
    for i, ln in enumerate(lines):
        if i in headings and asks(ln):
            open_ = _has(both, ln.start, ln.end)
        if open_:
            in_passage.add(i)

    def line_of(pos: int) -> int:
        for i, ln in enumerate(lines):
            if ln.start <= pos < ln.end + 1:
                return i
        return -1

    out: list[Reason] = []
    last_reason_line = -10
    prev_sentence_line = -1
    for si, sent in enumerate(sentences):
        li = line_of(sent.start)
        if li in headings:
            continue
        first_of_line = li != prev_sentence_line
        prev_sentence_line = li
        has_a, has_b = _has(spans_a, sent.start, sent.end), _has(spans_b, sent.start, sent.end)
        if not (has_a or has_b):
            continue
        words = [t for t in tokens[sent.first_token : sent.last_token] if t.is_word]
        matches = find_cues(words, reason_groups)
        cont = find_cues(words[:4], {"c": lex["continuation"]}, only_start=True)
        motive = find_cues(words, {"m": lex["motive"]})
        passage = li in in_passage
        after_sub = passage and first_of_line and (li - 1) in headings
        paragraph = lines[li] if li >= 0 else None
        pair_ctx = (
            (has_a and has_b)
            or passage
            or si in pair_sentences
            or (paragraph is not None and _has(spans_a, paragraph.start, paragraph.end)
                and _has(spans_b, paragraph.start, paragraph.end))
        )
        chained = bool(cont) and 0 <= li - last_reason_line <= 1
        third = si in third_party_sentences
        signals: list[str] = []
        score = 0.0
        if matches and pair_ctx:
            best = max(matches, key=lambda m: _WEIGHTS[m.cue.group])
            score += _WEIGHTS[best.cue.group]
            signals += [f"{m.cue.group}:{m.cue.form}" for m in matches]
        if passage and (cont or after_sub or motive or third):
            score += 1.0
            signals.append("passage")
            if cont:
                score += 2.0
                signals.append(f"continuation:{cont[0].cue.form}")
            if after_sub:
                score += 1.5
                signals.append("after-heading")
        elif chained:
            score += 2.0
            signals.append(f"continuation:{cont[0].cue.form}")
        if third and pair_ctx:
            score += 2.0
            signals.append("third-party")
        if score == 0:
            continue
        if motive:
            score += 1.0
            signals += [f"motive:{m.cue.form}" for m in motive]
        if has_a and has_b:
            score += 0.5
        if si in pair_sentences:
            score += 0.5
        start, end = sent.start, sent.end
        lists = [m for m in matches if m.cue.group == "list" and m.first > 0]
        if lists and pair_ctx:
            start = lists[0].start
        while end > start and text[end - 1] in " \n\t.،,":
            end -= 1
        out.append(Reason("", start, end, text[start:end], round(score, 2), signals, si))
        last_reason_line = li
    return out


def _alias_spans(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    """Where any of ``names`` occurs as a word (after optional proclitics), in original offsets."""
    nt = normalise_text(text)
    keys = sorted({normalise(n) for n in names if n and len(normalise(n)) >= 2}, key=len, reverse=True)
    alts = []
    for k in keys:
        alts.append(re.escape(k))
        if k.startswith("ال") and len(k) > 3:
            alts.append("(?<=ل)" + re.escape(k[2:]))  # للقاعدة = ل + القاعدة
    if not alts:
        return []
    pat = re.compile(r"(?<!\w)(?:[وف]?[بكل]?)(" + "|".join(alts) + r")(?!\w)")
    return [nt.to_original(*m.span(1)) for m in pat.finditer(nt.norm)]


def _names(conn: sqlite3.Connection, actor_id: str) -> list[str]:
    names = [actor_id]
    row = conn.execute("SELECT name_en, name_ar FROM actors WHERE id = ?", (actor_id,)).fetchone()
    if row:
        names += [row[0], row[1]]
    try:
        from rawabit.kb import load

        e = load().get(actor_id)
        if e is not None:
            names += [e.name_ar, *e.aliases_ar, *e.short_ar]
    except Exception:  # noqa: BLE001 - the KB only adds names
        pass
    return [n for n in names if n and not name_key(n).isascii()]


def why(
    conn: sqlite3.Connection, a: str, b: str, *, limit: int | None = 20, max_articles: int = 200
) -> list[Reason]:
    """The reasons the stored articles give for the relation between ``a`` and ``b``, ranked.

    At most ``max_articles`` articles are read: those with a relation between
    the pair first, then the newest that name both (a common pair in a large
    corpus is named together in thousands of articles).
    """
    ida, idb = resolve_actor(conn, a), resolve_actor(conn, b)
    rows = conn.execute(
        """
        WITH related AS (
            SELECT DISTINCT article_id FROM relations
            WHERE (source = ? AND target = ?) OR (source = ? AND target = ?)),
        both_named AS (
            SELECT article_id FROM mentions WHERE actor_id = ?
            INTERSECT SELECT article_id FROM mentions WHERE actor_id = ?)
        SELECT a.id, a.cluster_id, a.text, a.title, a.outlet, a.published FROM articles a
        WHERE a.id IN (SELECT article_id FROM related UNION SELECT article_id FROM both_named)
        ORDER BY a.id IN (SELECT article_id FROM related) DESC, a.published DESC, a.seq
        LIMIT ?
        """,
        (ida, idb, idb, ida, ida, idb, max_articles),
    ).fetchall()
    names_a, names_b = _names(conn, ida), _names(conn, idb)
    copies: dict[str, int] = {}
    first_of_cluster: dict[str, str] = {}
    for r in rows:
        copies[r[1]] = copies.get(r[1], 0) + 1
        first_of_cluster.setdefault(r[1], r[0])
    out: list[Reason] = []
    for aid, cluster, text, title, outlet, published in rows:
        if first_of_cluster[cluster] != aid:
            continue
        tokens = tokenize(text)
        sents = _sentences(conn, aid, text, tokens)
        ments = conn.execute("SELECT actor_id, start_char, end_char FROM mentions WHERE article_id = ?", (aid,)).fetchall()
        spans_a = sorted({(s, e) for x, s, e in ments if x == ida} | set(_alias_spans(text, names_a)))
        spans_b = sorted({(s, e) for x, s, e in ments if x == idb} | set(_alias_spans(text, names_b)))
        rels = conn.execute(
            "SELECT source, target, type, modality, sentence_idx FROM relations WHERE article_id = ?", (aid,)
        ).fetchall()
        pair = frozenset(r[4] for r in rels if {r[0], r[1]} == {ida, idb} and r[4] is not None)
        linked: dict[tuple[int, str], set[str]] = {}
        for s, t, _typ, mod, si in rels:
            if si is None or mod == "negated":
                continue
            for x, y in ((s, t), (t, s)):
                if x in (ida, idb) and y not in (ida, idb):
                    linked.setdefault((si, y), set()).add(x)
        third = frozenset(si for (si, _y), xs in linked.items() if xs == {ida, idb})
        for r in find_reasons(text, sents, tokens, spans_a, spans_b, pair, third, title):
            r.article_id, r.title, r.outlet, r.published, r.copies = aid, title, outlet, published, copies[cluster]
            out.append(r)
    out.sort(key=lambda r: (-r.score, r.published or "", r.article_id, r.start))
    return out[:limit] if limit else out


def _sentences(conn: sqlite3.Connection, aid: str, text: str, tokens: Sequence[Token]) -> list[Sentence]:
    """The stored sentence spans, aligned to a fresh tokenisation."""
    import bisect

    starts = [t.start for t in tokens]
    out = []
    for s, e in conn.execute(
        "SELECT start_char, end_char FROM sentences WHERE article_id = ? ORDER BY idx", (aid,)
    ):
        first = bisect.bisect_left(starts, s)
        last = bisect.bisect_left(starts, e)
        out.append(Sentence(s, e, first, last))
    return out
