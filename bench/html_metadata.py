"""Title, publication time and byline of real pages: rawabit against trafilatura.

Usage: ``python bench/html_metadata.py [DIR]`` (default: ``../shared/data/html``
beside the repo). Each ``NAME.html`` is compared with its ``NAME.meta.json``.
A title or author is right when it equals the truth; a date when it equals the
truth to the minute (and in offset when both give one), as SPEC.md §4 scores it.
The day-level count is printed for information.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import trafilatura

from rawabit.readers.html import parse_html
from rawabit.text.dates import parse_date

FIELDS = ("title", "published", "author")


def same_minute(got: str | None, want: str | None) -> bool:
    """Equal to the minute; offsets compared when both strings carry one."""
    if got is None or want is None:
        return got == want
    if got[:16] != want[:16]:
        return False
    return len(got) <= 16 or len(want) <= 16 or got[16:] == want[16:]


def correct(field: str, got: str | None, want: str | None) -> bool:
    return same_minute(got, want) if field == "published" else got == want


def trafilatura_meta(html: str) -> dict[str, Any]:
    """trafilatura's best effort: metadata with htmldate's time-aware output."""
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M%z"},
    )
    date = getattr(doc, "date", None)
    return {
        "title": getattr(doc, "title", None),
        "published": parse_date(date) if date else None,
        "author": getattr(doc, "author", None),
    }


def main(folder: Path) -> int:
    pages = sorted(folder.glob("*.html"))
    if not pages:
        print(f"no pages in {folder}", file=sys.stderr)
        return 1
    totals = {"rawabit": 0, "trafilatura": 0}
    days = {"rawabit": 0, "trafilatura": 0}
    for page in pages:
        truth = json.loads(page.with_name(page.name.removesuffix(".html") + ".meta.json").read_text(encoding="utf-8"))
        html = page.read_text(encoding="utf-8")
        art = parse_html(html, source=str(page))
        ours = {f: getattr(art, f) for f in FIELDS}
        theirs = trafilatura_meta(html)
        print(f"== {page.name}")
        for f in FIELDS:
            want = truth[f]
            ok_r, ok_t = correct(f, ours[f], want), correct(f, theirs[f], want)
            totals["rawabit"] += ok_r
            totals["trafilatura"] += ok_t
            if f == "published" and want:
                days["rawabit"] += bool(ours[f]) and ours[f][:10] == want[:10]
                days["trafilatura"] += bool(theirs[f]) and theirs[f][:10] == want[:10]
            print(f"  {f:<9} truth       {want!r}")
            print(f"  {'':<9} rawabit     {ours[f]!r} {'OK' if ok_r else 'WRONG'}")
            print(f"  {'':<9} trafilatura {theirs[f]!r} {'OK' if ok_t else 'WRONG'}")
    n = len(FIELDS) * len(pages)
    print(f"\nrawabit     {totals['rawabit']}/{n} correct (published day right on {days['rawabit']}/{len(pages)})")
    print(f"trafilatura {totals['trafilatura']}/{n} correct (published day right on {days['trafilatura']}/{len(pages)})")
    return 0


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "html"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
