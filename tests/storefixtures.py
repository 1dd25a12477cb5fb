"""Hand-made SPEC §2 articles and a tiny deterministic extractor for the store tests.

``make_pipeline`` stands in for :class:`rawabit.pipeline.Pipeline` (``rawabit ingest
--pipeline storefixtures:make_pipeline``) so that store tests do not depend on
extraction quality.
"""

from __future__ import annotations

import os
import re
import signal
import time
from typing import Any

from rawabit.model import Actor, Article, Evidence, Relation, text_id

ACTORS: dict[str, dict[str, Any]] = {
    "al-qaeda": {"name_en": "al-Qaeda", "name_ar": "تنظيم القاعدة", "kind": "armed_group", "forms": ["القاعدة"]},
    "taliban": {"name_en": "Taliban", "name_ar": "طالبان", "kind": "armed_group", "forms": ["طالبان"]},
    "isis": {"name_en": "Islamic State", "name_ar": "داعش", "kind": "armed_group", "forms": ["داعش"]},
    "pakistan": {"name_en": "Pakistan", "name_ar": "باكستان", "kind": "state", "forms": ["باكستان"]},
    "india": {"name_en": "India", "name_ar": "الهند", "kind": "state", "forms": ["الهند"]},
    "haqqani": {"name_en": "Haqqani network", "name_ar": "شبكة حقاني", "kind": "armed_group", "forms": ["شبكة حقاني"]},
    "afghanistan": {"name_en": "Afghanistan", "name_ar": "أفغانستان", "kind": "state", "forms": ["أفغانستان"]},
}

TRIGGERS = (("تحالف", "ally"), ("اشتباكات", "fight"), ("عدوا", "hostile"), ("دعم", "support"), ("نفوذ", "influence"))


def find_all(text: str, form: str) -> list[list[int]]:
    return [[m.start(), m.end()] for m in re.finditer(re.escape(form), text)]


def article(aid: str | None, text: str, relations: list[tuple[str, str, str, str]] = (), **meta: Any) -> dict[str, Any]:
    """A SPEC §2 dict; ``relations`` are (source, type, target, evidence substring[|modality])."""
    actors = []
    for a_id, a in ACTORS.items():
        spans = [s for f in a["forms"] for s in find_all(text, f)]
        if spans:
            actors.append({"id": a_id, "name_en": a["name_en"], "name_ar": a["name_ar"], "kind": a["kind"],
                           "wikidata": None, "mentions": sorted(spans)})
    rels = []
    for src, typ, tgt, ev in relations:
        ev, _, modality = ev.partition("|")
        start = text.index(ev)
        rels.append({"source": src, "target": tgt, "type": typ, "subtype": None, "modality": modality or "asserted",
                     "attributed_to": meta.pop(f"attr_{len(rels)}", None), "time": meta.pop(f"time_{len(rels)}", None),
                     "place": None, "evidence": {"start": start, "end": start + len(ev), "text": ev},
                     "confidence": 0.8, "rule": "test"})
    return {"id": aid or text_id(text), "source": meta.pop("source", "test"), "title": meta.pop("title", None),
            "published": meta.pop("published", None), "author": None, "text": text, "actors": actors,
            "relations": rels, **meta}


class FakePipeline:
    """Actors by substring, one relation per sentence with a trigger between its first two actors."""

    kb = None

    def run_raw(self, raw: Any) -> Article:
        delay = float(os.environ.get("RAWABIT_TEST_DELAY", "0"))
        if delay:
            time.sleep(delay)
        if "BOOM" in raw.text:
            raise ValueError("cannot extract this one")
        if "SLOW" in raw.text:  # a pathological article: Python code that runs on and on
            time.sleep(float(os.environ.get("RAWABIT_TEST_SLOW", "30")))
        if "STUCK" in raw.text:  # compiled code that never returns to the interpreter: no signal gets in
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(float(os.environ.get("RAWABIT_TEST_SLOW", "30")))
        text = raw.text
        actors = []
        for a_id, a in ACTORS.items():
            spans = tuple(tuple(s) for f in a["forms"] for s in find_all(text, f))
            if spans:
                actors.append(Actor(a_id, a["name_en"], a["name_ar"], a["kind"], mentions=tuple(sorted(spans))))
        rels = []
        for m in re.finditer(r"[^.\n]+", text):
            sent = m.group(0)
            found = sorted((text.index(f, m.start()), a_id) for a_id, a in ACTORS.items() for f in a["forms"]
                           if f in sent)
            ids = list(dict.fromkeys(a for _, a in found))
            for word, typ in TRIGGERS:
                if word in sent and len(ids) >= 2:
                    neg = "نفى" in sent or "لا " in sent
                    rels.append(Relation(ids[0], ids[1], typ, Evidence(m.start(), m.end(), sent),
                                         modality="negated" if neg else "asserted", rule="fake"))
                    break
        return Article(text=text, id=raw.id or text_id(text), source=raw.source, title=raw.title,
                       published=raw.published, author=raw.author, url=raw.url, outlet=raw.outlet,
                       actors=tuple(actors), relations=tuple(rels))


def make_pipeline(actor_files: Any = ()) -> FakePipeline:
    return FakePipeline()
