"""How well anaphora (الحركة، التنظيم، الرئيس …) are resolved, measured on annotated articles.

    python bench/anaphora.py [FOLDER ...]     (default: ../shared/data/train)

Annotators list, for each actor, the forms the article uses for it (the gold
``arabic`` map); a generic noun listed there (``الحركة`` under Taliban) says the
article refers to that actor by it. For every anaphor the extractor resolves
(mention rule ``anaphora``) this prints whether the gold lists that form under
the actor it was resolved to (right), under another actor (wrong), or nowhere
(unjudged); and, for every generic form the gold lists, how many of its
occurrences in the text the extractor resolved, and to the right actor (recall).
A form is generic when it is one of the knowledge base's descriptors or role
nouns with the article ``ال`` (``الحركة``, ``الرئيس``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from rawabit.extraction.lexicon import role_nouns
from rawabit.gold import GoldActors, gold_article, gold_pairs, norm_ar, read_gold
from rawabit.pipeline import Pipeline
from rawabit.text.normalise import normalise, normalise_text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _bare(surface: str) -> str:
    """A mention's words without a conjunction or preposition glued on, ال kept (``وللحركة`` ->
    ``الحركه``), SPEC-normalised."""
    form = norm_ar(surface)
    for clitic in ("وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل"):
        if form.startswith(clitic) and len(form) > len(clitic) + 2:
            return "ال" + form[len(clitic):]
    if form[:1] in ("و", "ف", "ب", "ل") and form[1:3] == "ال":
        return form[1:]
    return form


def generic_forms(pipe: Pipeline) -> set[str]:
    """Descriptor and one-word role nouns with ال, SPEC-normalised."""
    words = {d for e in pipe.kb.actors.values() for d in e.descriptors}
    words |= {" ".join(r) for r in role_nouns() if len(r) == 1}
    return {norm_ar("ال" + w if not w.startswith("ال") else w) for w in words}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[SHARED / "train"])
    args = ap.parse_args()
    pipe = Pipeline()
    generic = generic_forms(pipe)
    judged: Counter[str] = Counter()
    by_form: Counter[tuple[str, str]] = Counter()
    listed = found = right = 0
    docs = 0
    for folder in args.folders:
        for art_path, gold_path in gold_pairs(folder):
            raw = gold_article(art_path)
            if raw is None:
                continue
            docs += 1
            gold = read_gold(gold_path)
            ga = GoldActors(gold)
            art = pipe.run_raw(raw, until="salience")
            names = {a.id: a for a in art.actors}
            hits = {aid: set(ga.match(a.name_en, a.name_ar)) for aid, a in names.items()}
            owner: dict[str, set[str]] = {}
            for e, forms in ga.forms.items():
                for f in forms:
                    owner.setdefault(f, set()).add(e)
            resolved: dict[int, str] = {}
            for m in art.mentions:
                if m.rule != "anaphora":
                    continue
                form = _bare(m.surface)
                resolved[m.start] = m.actor_id
                entries = owner.get(form, set()) | owner.get(norm_ar(m.surface), set())
                verdict = "right" if entries & hits.get(m.actor_id, set()) else ("wrong" if entries else "unjudged")
                judged[verdict] += 1
                by_form[(form, verdict)] += 1
            # recall over the generic forms the gold lists
            nt = normalise_text(art.text)
            for e, forms in ga.forms.items():
                for f in forms & generic:
                    key = normalise(f)
                    start = 0
                    while (i := nt.norm.find(key, start)) >= 0:
                        start = i + len(key)
                        listed += 1
                        at = nt.to_original(i, i + len(key))[0]
                        near = [p for p in resolved if abs(at - p) <= 2]
                        if near:
                            found += 1
                            if e in hits.get(resolved[near[0]], set()):
                                right += 1
    total = sum(judged.values())
    print(f"{docs} articles; {total} anaphors resolved: right {judged['right']}, wrong {judged['wrong']}, "
          f"unjudged {judged['unjudged']}")
    if judged["right"] + judged["wrong"]:
        print(f"precision over judged: {judged['right'] / (judged['right'] + judged['wrong']):.3f}")
    if listed:
        print(f"generic forms the gold lists: {listed} occurrences; resolved {found} ({found / listed:.3f}), "
              f"to the right actor {right} ({right / listed:.3f})")
    print("most frequent forms (form, verdict, count):")
    for (form, verdict), c in by_form.most_common(12):
        print(f"  {form}\t{verdict}\t{c}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
