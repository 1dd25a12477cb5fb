"""Claims one source asserts and another denies.

Two kinds of claim are compared:

* relations: the same ``(source, type, target)`` edge is ``asserted`` in one
  article (or by one ``attributed_to``) and ``negated`` in another;
* presence claims, found at ingest by :func:`presence_claims`: "X is present in
  PLACE", confirmed by one speaker and denied by another — e.g.
  ``نفي المتحدث باسم الحركة محمد نعيم وجود تنظيم اسامة بن لادن في أفغانستان``
  against ``تنظيم القاعدة الارهابي أكد على وجوده في أفغانستان``.

Near-duplicate copies of one story are not a contradiction with themselves:
the two sides must come from different clusters, or from one article with
different ``attributed_to``.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rawabit.analysis.cues import cues, find_cues
from rawabit.model import Sentence, Token

__all__ = ["Contradiction", "contradictions", "presence_claims"]


def _mentions_in(mentions: Sequence[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The mentions inside ``[start, end]``; ``mentions`` sorted, so only those starting there are looked at."""
    i = bisect.bisect_left(mentions, (start,))
    out = []
    for m in mentions[i:]:
        if m[0] > end:
            break
        if m[1] <= end:
            out.append(m)
    return out


def presence_claims(
    text: str,
    tokens: Sequence[Token],
    sentences: Sequence[Sentence],
    mentions: Sequence[tuple[int, int, str]],
    kinds: Mapping[str, str] | None = None,
    parents: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Presence claims of one article: who says which actor is (not) present where.

    ``mentions`` are ``(start, end, actor_id)``; ``kinds`` maps actor ids to
    kinds and ``parents`` persons to their group, so that ``تنظيم اسامة بن لادن``
    stands for the group.
    """
    kinds = kinds or {}
    parents = parents or {}
    lex = cues()["claims"]
    verbs = {"deny": lex["deny"], "confirm": lex["confirm"]}
    presence = lex["presence"]
    self_forms = {c.words[0] for c in lex["presence_self"]}
    group_words = {c.words[0] for c in lex["group_of_person"]}
    speaker_for = {c.words[0] for c in lex["speaker_for"]}
    ms = sorted(mentions)
    out: list[dict[str, Any]] = []
    for si, sent in enumerate(sentences):
        sm = _mentions_in(ms, sent.start, sent.end)
        if not sm:
            continue
        words = [t for t in tokens[sent.first_token : sent.last_token] if t.is_word]
        vms = find_cues(words, verbs)
        for vi, vm in enumerate(vms):
            # the presence noun within 8 words after the verb
            pres = None
            for j in range(vm.last, min(len(words), vm.last + 9)):
                hit = find_cues(words[j:], {"p": presence}, only_start=True)
                if hit:
                    pres = (j, hit[0])
                    break
            if pres is None:
                continue
            j, pm = pres
            if vi + 1 < len(vms) and vms[vi + 1].first < j:
                continue  # another verb governs this presence noun
            p_tok = words[j]
            before = [m for m in sm if m[1] <= vm.start]
            between = [m for m in sm if m[0] >= vm.end and m[1] <= p_tok.start]
            after = [m for m in sm if m[0] >= p_tok.end]
            # speaker: who speaks for whom between verb and noun, else the nearest actor before the verb
            speaker = None
            for m in between:
                prev = [t for t in words if t.end <= m[0]]
                if prev and prev[-1].norm in speaker_for:
                    speaker = m
                    break
            if speaker is None and between:
                speaker = between[0]
            if speaker is None and before:
                speaker = before[-1]
            if p_tok.norm in self_forms or _strip(p_tok.norm) in self_forms:
                subj = speaker if speaker is not None and not between else (before[-1] if before else None)
            else:
                subj = after[0] if after and _gap_words(words, p_tok.end, after[0][0]) <= 2 else None
            if subj is None:
                continue
            subject = subj[2]
            person = None
            prev = [t for t in words if t.end <= subj[0]]
            if kinds.get(subject) == "person" and prev and _strip(prev[-1].norm) in group_words:
                person = subject
                subject = parents.get(subject, subject)
            # place: "في" + the next mention or word after the subject (or after the noun)
            anchor = max(subj[1], p_tok.end)
            rest = [t for t in words if t.start >= anchor][:4]
            place = None
            for k, t in enumerate(rest):
                if t.norm == "في" and k + 1 < len(rest):
                    nxt = rest[k + 1]
                    pm_ = [m for m in after if m[0] == nxt.start]
                    if pm_:
                        place = (pm_[0][2], nxt.start, pm_[0][1])
                    else:
                        place = (nxt.stem, nxt.start, nxt.end)
                    break
            if place is None:
                continue
            attributed = speaker[2] if speaker is not None else None
            if attributed is not None and kinds.get(attributed) == "person" and any(
                m for m in between if m is not speaker and kinds.get(m[2]) != "person"
            ):
                attributed = next(m[2] for m in between if kinds.get(m[2]) != "person")
            ev_start = min(vm.start, subj[0], speaker[0] if speaker else vm.start)
            ev_end = place[2]
            out.append(
                {
                    "kind": "presence",
                    "subject": subject,
                    "subject_person": person,
                    "object": place[0],
                    "object_text": text[place[1] : place[2]],
                    "polarity": "negated" if vm.cue.group == "deny" else "asserted",
                    "attributed_to": attributed,
                    "evidence_start": ev_start,
                    "evidence_end": ev_end,
                    "evidence_text": text[ev_start:ev_end],
                    "sentence_idx": si,
                }
            )
    return out


def _strip(norm: str) -> str:
    return norm[1:] if len(norm) > 2 and norm[0] in "وف" else norm


def _gap_words(words: Sequence[Token], start: int, end: int) -> int:
    return sum(1 for t in words if t.start >= start and t.end <= end)


@dataclass
class Side:
    """One side of a contradiction: an article's statement."""

    article_id: str
    cluster_id: str
    modality: str
    attributed_to: str | None
    published: str | None
    outlet: str | None
    title: str | None
    evidence_start: int
    evidence_end: int
    evidence_text: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Contradiction:
    """A claim asserted on one side and negated on the other."""

    kind: str  # relation | presence
    subject: str
    predicate: str  # a relation type, or "present_in"
    object: str
    asserted: list[Side] = field(default_factory=list)
    negated: list[Side] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "asserted": [s.as_dict() for s in self.asserted],
            "negated": [s.as_dict() for s in self.negated],
        }


def _conflicts(pos: list[Side], neg: list[Side]) -> bool:
    return any(
        p.cluster_id != n.cluster_id or (p.article_id == n.article_id and (p.attributed_to or "") != (n.attributed_to or ""))
        for p in pos
        for n in neg
    )


def contradictions(
    conn: sqlite3.Connection, actor: str | None = None, type: str | None = None, limit: int | None = None
) -> list[Contradiction]:
    """Claims asserted by one source and denied by another (``actor``: an id, to filter)."""
    out: list[Contradiction] = []
    side_cols = (
        "x.article_id, a.cluster_id, {mod}, x.attributed_to, a.published, a.outlet, a.title, "
        "x.evidence_start, x.evidence_end, x.evidence_text"
    )
    # relations
    where, params = ["1=1"], []
    if actor:
        where.append("(edge_source = ? OR edge_target = ?)")
        params += [actor, actor]
    if type:
        where.append("type = ?")
        params.append(type)
    keys = conn.execute(
        f"SELECT edge_source, type, edge_target FROM relations WHERE {' AND '.join(where)} "
        "GROUP BY edge_source, type, edge_target "
        "HAVING sum(modality = 'negated') > 0 AND sum(modality = 'asserted') > 0 ORDER BY 1, 2, 3",
        params,
    ).fetchall()
    for s, t, o in keys:
        rows = conn.execute(
            f"SELECT {side_cols.format(mod='x.modality')} FROM relations x JOIN articles a ON a.id = x.article_id "
            "WHERE x.edge_source = ? AND x.type = ? AND x.edge_target = ? AND x.modality IN ('asserted', 'negated') "
            "ORDER BY a.seq, x.idx",
            (s, t, o),
        ).fetchall()
        sides = [Side(*r) for r in rows]
        c = Contradiction("relation", s, t, o, [x for x in sides if x.modality == "asserted"],
                          [x for x in sides if x.modality == "negated"])
        if _conflicts(c.asserted, c.negated):
            out.append(c)
    # presence claims; a group named by its leader (تنظيم اسامة بن لادن) whose parent the KB
    # did not give is mapped through the strongest stored affiliate edge of that person
    if type is None or type == "present_in":
        groups: dict[tuple[str, str], list[tuple[str, Side]]] = {}
        parent_of: dict[str, str] = {}
        for row in conn.execute(
            f"SELECT x.subject, x.subject_person, x.object, {side_cols.format(mod='x.polarity')} "
            "FROM claims x JOIN articles a ON a.id = x.article_id WHERE x.kind = 'presence' ORDER BY a.seq, x.idx"
        ):
            subject, person, obj = row[0], row[1], row[2]
            if person is not None and subject == person:
                if person not in parent_of:
                    p = conn.execute(
                        "SELECT target FROM edges WHERE source = ? AND type = 'affiliate' AND n_asserted > 0 "
                        "ORDER BY n_articles DESC, target LIMIT 1", (person,)
                    ).fetchone()
                    parent_of[person] = p[0] if p else person
                subject = parent_of[person]
            if actor and actor not in (subject, obj, person):
                continue
            groups.setdefault((subject, obj), []).append((row[5], Side(*row[3:])))
        for (s_, o), items in sorted(groups.items()):
            c = Contradiction("presence", s_, "present_in", o, [x for m, x in items if m == "asserted"],
                              [x for m, x in items if m == "negated"])
            if c.asserted and c.negated and _conflicts(c.asserted, c.negated):
                out.append(c)
    out.sort(key=lambda c: -(len(c.asserted) + len(c.negated)))
    return out[:limit] if limit else out
