"""Saved news pages (HTML) -> RawArticle: main text, title, publication time, byline.

Metadata comes from selectolax; the main text from trafilatura, cleaned line by
line. Each field has its own rule set because pages carry decoys:

* title: ``og:title``/``h1``/``<title>`` with the site name (``- البيان``,
  ``| CNN Arabic``) cut off; a shorter candidate that prefixes a longer one wins;
* published: JSON-LD ``datePublished`` > publication meta tags >
  ``<time itemprop=datePublished>`` > a visible date near the headline >
  a visible 'last update' > modified meta > a date in the URL. Modified dates,
  dates in the header, sidebars and 'read also' blocks are not used while a
  better one exists. The page's local time and offset are kept: a UTC meta time
  is shifted to the offset implied by the visible local time;
* author: a person only (JSON-LD Person, a byline near the headline ``كتب …``,
  ``بقلم …``, meta author), never a site name, logo, handle or
  ``(أبوظبي - البيان)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlparse

from selectolax.lexbor import LexborHTMLParser, LexborNode

from rawabit.errors import ReadError
from rawabit.model import RawArticle
from rawabit.readers.clean import clean_line, is_chrome, starts_related_block, strip_tag_list
from rawabit.text.dates import parse_date, parse_date_with_span
from rawabit.text.normalise import normalise

__all__ = ["parse_html"]

# Meta keys (name/property/itemprop, lower case) that carry the publication time.
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article.published", "publish-date", "publish_date", "publishdate", "published_time", "pubdate",
    "publication_date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date",
    "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "article:published",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")
_AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl")
_HOST_PREFIXES = frozenset({"www", "m", "ar", "arabic", "amp", "news", "mobile", "com", "co", "net", "org", "gov"})
_SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site")
_ARTICLE_TYPES = re.compile(r"(article|posting|report)$", re.I)

_TITLE_SEP = re.compile(r"\s+[-–—|:»«•·/]{1,2}\s+|\s*\|\s*")
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}$", re.I)
# Containers whose dates and names belong to other articles or to the site: a class or id
# token (``site-header``, ``jeg_top_date``) made of these parts; header/footer only when
# the token does not name the article's own header (``entry-header``, ``post-footer``).
_DECOY_PARTS = frozenset({
    "related", "sidebar", "widget", "widgets", "menu", "nav", "navbar", "navigation", "breadcrumb",
    "breadcrumbs", "breaking", "ticker", "comment", "comments", "popular", "trending", "recommended",
    "recommend", "readmore", "topbar", "masthead", "newsletter", "aside",
})
_DECOY_PAIRS = (("read", "also"), ("most", "read"), ("more", "news"), ("top", "date"), ("side", "bar"))
_OWN_PARTS = frozenset({"article", "post", "entry", "story", "news", "content", "single", "title", "meta"})
_DECOY_TAGS = frozenset({"header", "nav", "footer", "aside"})
_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "svg", "path", "g", "use", "circle", "rect", "polygon", "iframe",
    "template", "head", "meta", "link",
})
_AUTHOR_ATTR = re.compile(r"author|byline|writer|kateb|katib|reporter|contributor|editor-name", re.I)
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:كتب|كتبت|بقلم|بواسطة|إعداد|اعداد|تحرير|الكاتب|الكاتبة|المحرر|المحررة|تقرير|by|written by|author)"
    r"\s*[:\-–|]?\s*",
    re.I,
)
_BYLINE_LINE = re.compile(r"^\s*(?:كتب|كتبت|بقلم|بواسطة)\s*[:\-–]?\s*(\S.{1,50})$")
_UPDATE = re.compile(
    r"(?<![^\W\d_])(?:ال)?(?:تحديث|حدث|محدث|تعديل|عدل|معدل)(?![^\W\d_])|updated|update|modified|edited", re.I
)
# Words that make a "byline" an outlet, a desk or a role rather than a person.
_NOT_PERSON = frozenset(normalise(w) for w in (
    "وكالة", "وكالات", "قناة", "موقع", "صحيفة", "جريدة", "مجلة", "شبكة", "بوابة", "إذاعة", "تلفزيون",
    "فريق", "التحرير", "تحرير", "المحرر", "محرر", "هيئة", "الأخبار", "أخبار", "الإخبارية", "مراسل",
    "مراسلنا", "مراسلو", "المراسل", "خاص", "المصدر", "مصدر", "شعار", "رويترز", "فرانس", "برس",
    "الأناضول", "سبوتنيك", "واس", "وام", "قنا", "كونا", "بنا", "سانا", "أ.ف.ب", "اف", "news", "staff",
    "editor", "editors", "admin", "administrator", "team", "desk", "agency", "agencies", "reuters",
    "afp", "ap", "logo", "newsroom", "online", "web", "editorial", "user",
))
# Trailing comment-policy and disclaimer paragraphs that extractors keep.
_DISCLAIMER = tuple(normalise(w) for w in (
    "الآراء الواردة", "لا تعبر عن رأي", "سياسة الخصوصية", "شروط الاستخدام", "شروط استخدام",
    "إرشادات الاستخدام", "جميع الحقوق محفوظة", "all rights reserved",
))
_FORWARD, _BACKWARD = 200, 30  # element nodes scanned after / before the headline


@dataclass
class _Page:
    """What the metadata rules read from one parsed page."""

    tree: LexborHTMLParser
    meta: dict[str, list[str]]
    ld: list[dict[str, Any]]
    url: str | None = None
    site_names: list[str] = field(default_factory=list)
    order: list[LexborNode] = field(default_factory=list)
    index: dict[int, int] = field(default_factory=dict)
    headline: LexborNode | None = None
    headline_ancestors: frozenset[int] = frozenset()


# --- parsing helpers -------------------------------------------------------------


def _meta(tree: LexborHTMLParser) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for node in tree.css("meta"):
        a = node.attributes
        content = a.get("content")
        if not content or not content.strip():
            continue
        for key in ("property", "name", "itemprop", "http-equiv"):
            k = a.get(key)
            if k:
                out.setdefault(k.strip().lower(), []).append(clean_line(content))
    return out


def _walk_ld(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, list):
        for x in obj:
            yield from _walk_ld(x)
    elif isinstance(obj, dict):
        if "@type" in obj:
            yield obj
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in obj:
                yield from _walk_ld(obj[key])


def _json_ld(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    objs: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json"]'):
        raw = (node.text(deep=True) or "").strip()
        raw = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$", "", raw)
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        objs.extend(_walk_ld(data))
    return objs


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type", [])
    return [str(x) for x in (t if isinstance(t, list) else [t])]


def _first_str(v: Any) -> str | None:
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, dict):
        v = v.get("@value") or v.get("name")
    return clean_line(str(v)) if isinstance(v, str | int | float) and str(v).strip() else None


def _articles(page: _Page) -> list[dict[str, Any]]:
    """JSON-LD article objects first, then web pages (Yoast puts dates there)."""
    arts = [o for o in page.ld if any(_ARTICLE_TYPES.search(t) for t in _types(o))]
    pages = [o for o in page.ld if "WebPage" in _types(o)]
    return arts + pages


def _key(s: str) -> str:
    """Comparison key: normalised, letters and digits only."""
    return re.sub(r"[\W_]+", "", normalise(s))


def _site_names(page: _Page) -> list[str]:
    names: list[str] = []
    for k in _SITE_META:
        names += [v.lstrip("@") for v in page.meta.get(k, [])]
    for o in page.ld:
        types = _types(o)
        if "Organization" in types or "NewsMediaOrganization" in types or "WebSite" in types:
            n = _first_str(o.get("name"))
            if n:
                names.append(n)
        pub = o.get("publisher")
        if isinstance(pub, dict) and (n := _first_str(pub.get("name"))):
            names.append(n)
    if page.url and (host := urlparse(page.url).netloc.lower().split(":")[0]):
        names.append(host.removeprefix("www."))
        labels = [x for x in host.split(".")[:-1] if x not in _HOST_PREFIXES]
        if labels:  # the outlet's own label: ``arabic.cnn.com`` -> ``cnn``
            names.append(max(labels, key=len))
    return [n for n in dict.fromkeys(names) if len(_key(n)) >= 2 and not n.lower().startswith("http")]


def _is_site_name(seg: str, names: list[str]) -> bool:
    k = _key(seg)
    if not k:
        return True
    if _DOMAIN.match(seg.strip()):
        return True
    for n in names:
        nk = _key(n)
        if len(nk) < 3:
            continue
        if k == nk or (len(seg.split()) <= 4 and len(k) >= 3 and (k in nk or (nk in k and len(nk) >= 0.3 * len(k)))):
            return True
    return False


# --- title ---------------------------------------------------------------------


def _strip_site(title: str, names: list[str], sections: frozenset[str] = frozenset()) -> str:
    """Cut site-name and section segments off both ends: ``X - أخبار - البيان`` -> ``X``."""
    t = clean_line(title)
    while True:
        parts = _TITLE_SEP.split(t)
        seps = _TITLE_SEP.findall(t)
        if len(parts) < 2:
            return t
        if _is_site_name(parts[-1], names) or _key(parts[-1]) in sections:
            t = t[: len(t) - len(parts[-1]) - len(seps[-1])].strip()
        elif _is_site_name(parts[0], names) or _key(parts[0]) in sections:
            t = t[len(parts[0]) + len(seps[0]) :].strip()
        else:
            return t


def _title(page: _Page) -> str | None:
    tree, names = page.tree, page.site_names
    raw: list[str] = []
    raw += page.meta.get("og:title", []) + page.meta.get("twitter:title", [])
    for o in _articles(page):
        if h := _first_str(o.get("headline")):
            raw.append(h)
    raw += [n.text(deep=True, separator=" ") for n in tree.css("h1")[:3]]
    cands = [_strip_site(re.sub(r"\s+", " ", r), names) for r in raw]
    if (t := tree.css_first("title")) is not None:
        # <title> may also carry section names: menu and breadcrumb link texts
        sections = frozenset(
            k for a in tree.css("a") if len((x := a.text(deep=True)).split()) <= 4 and len(k := _key(x)) >= 3
        )
        cands.append(_strip_site(re.sub(r"\s+", " ", t.text(deep=True)), names, sections))
    cands = [c for c in cands if len(c.split()) >= 2 and not _is_site_name(c, names)]
    if not cands:
        return None
    best = cands[0]
    # A candidate that another one starts with (followed by a separator) lost a site or section suffix.
    for c in cands:
        if len(c) < len(best) and normalise(best).startswith(normalise(c)) and _TITLE_SEP.match(best[len(c) :]):
            best = c
    return best


# --- headline and the nodes around it ---------------------------------------------


def _locate_headline(page: _Page, title: str | None) -> None:
    page.order = [n for n in page.tree.root.traverse() if n.tag not in _SKIP_TAGS] if page.tree.root else []
    page.index = {n.mem_id: i for i, n in enumerate(page.order)}
    nodes = page.tree.css("h1") + page.tree.css('[itemprop~="headline"]') + page.tree.css("h2")
    tk = _key(title) if title else ""
    chosen = None
    for n in nodes:
        k = _key(n.text(deep=True))
        if tk and k and (k == tk or (len(k) > 10 and (k in tk or tk in k))):
            chosen = n
            break
    if chosen is None:
        chosen = next((n for n in page.tree.css("h1") if not _in_decoy(n, frozenset())), None)
    page.headline = chosen
    anc: set[int] = set()
    p = chosen
    while p is not None:
        anc.add(p.mem_id)
        p = p.parent
    page.headline_ancestors = frozenset(anc)


def _decoy_token(token: str) -> bool:
    token = re.sub(r"([a-z])([A-Z])", r"\1_\2", token)  # topHeader -> top_Header
    parts = [p for p in re.split(r"[-_]+", token.lower()) if p]
    if any(p in _DECOY_PARTS for p in parts):
        return True
    if any(pair == (a, b) for a, b in zip(parts, parts[1:], strict=False) for pair in _DECOY_PAIRS):
        return True
    if any(p in ("header", "footer") for p in parts):
        return not any(p in _OWN_PARTS for p in parts)
    return False


def _in_decoy(node: LexborNode, keep: frozenset[int]) -> bool:
    """Inside a header, sidebar, 'read also' block… that does not hold the headline."""
    p: LexborNode | None = node
    while p is not None and p.tag not in ("body", "html"):
        if p.mem_id not in keep:
            if p.tag in _DECOY_TAGS:
                return True
            a = p.attributes
            tokens = f"{a.get('class') or ''} {a.get('id') or ''}".split()
            if any(_decoy_token(t) for t in tokens):
                return True
        p = p.parent
    return False


def _near_headline(page: _Page) -> Iterator[LexborNode]:
    """Element nodes after the headline (until the body has clearly begun), then before it."""
    if page.headline is None or page.headline.mem_id not in page.index:
        art = page.tree.css_first("article")
        if art is not None:
            yield from (n for n in art.traverse() if n.tag not in _SKIP_TAGS)
        return
    i = page.index[page.headline.mem_id]
    long_paragraphs = 0
    for n in page.order[i + 1 : i + 1 + _FORWARD]:
        if n.tag == "p" and len(n.text(deep=True)) > 250:
            long_paragraphs += 1
            if long_paragraphs >= 2:
                break
        if not _in_decoy(n, page.headline_ancestors):
            yield n
    for n in reversed(page.order[max(0, i - _BACKWARD) : i]):
        if not _in_decoy(n, page.headline_ancestors):
            yield n


# --- published ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _When:
    iso: str
    rank: int  # lower is better
    visible: bool = False


def _is_update(label: str) -> bool:
    return bool(_UPDATE.search(normalise(label)))


def _date_candidates(page: _Page, lines: list[str]) -> list[_When]:
    out: list[_When] = []
    for o in _articles(page):
        for key, rank in (("datePublished", 0), ("dateCreated", 3), ("dateModified", 8)):
            if (v := _first_str(o.get(key))) and (d := parse_date(v)):
                out.append(_When(d, rank))
    for key in _PUBLISHED_META:
        for v in page.meta.get(key, []):
            if d := parse_date(v):
                out.append(_When(d, 1))
    for key in _MODIFIED_META:
        for v in page.meta.get(key, []):
            if d := parse_date(v):
                out.append(_When(d, 8))
    for n in page.tree.css('time[itemprop~="datePublished"], time[pubdate], [itemprop~="datePublished"]'):
        v = n.attributes.get("datetime") or n.attributes.get("content") or n.text(deep=True)
        if v and (d := parse_date(v)):
            out.append(_When(d, 2))
    out += _visible_dates(page)
    for line in lines[:3]:  # a date line heading the extracted body
        if len(line) <= 80 and (hit := parse_date_with_span(line)) and not _is_update(line[: hit[1]]):
            out.append(_When(hit[0], 5, visible=True))
            break
    if page.url and (m := re.search(r"(?<!\d)((?:19|20)\d\d)([/_-])(\d{1,2})\2(\d{1,2})(?!\d)", page.url)):
        if d := parse_date(f"{m.group(1)}-{m.group(3)}-{m.group(4)}"):
            out.append(_When(d, 7))
    return out


def _visible_dates(page: _Page) -> list[_When]:
    """The first publication date and the first update date shown near the headline."""
    out: list[_When] = []
    seen_pub = seen_upd = False
    for n in _near_headline(page):
        a = n.attributes
        attrs = f"{a.get('class') or ''} {a.get('itemprop') or ''}"
        if n.tag == "time" and a.get("datetime"):
            text, machine = a.get("datetime") or "", True
        else:
            text, machine = n.text(deep=True, separator=" "), False
            if len(text) > 160 or not re.search(r"\d", text):
                continue
        hit = parse_date_with_span(text)
        if hit is None:
            continue
        iso, start, _ = hit
        label = text[:start] if not machine else ""
        prev = n.prev
        while prev is not None and prev.is_text_node and not (prev.text() or "").strip():
            prev = prev.prev
        if prev is not None and len(prev.text(deep=True)) < 40:
            label = prev.text(deep=True) + " " + label
        update = _is_update(label) or bool(re.search(r"modif|updat", attrs, re.I))
        if update and not seen_upd:
            out.append(_When(iso, 6, visible=True))
            seen_upd = True
        elif not update and not seen_pub:
            out.append(_When(iso, 2 if machine else 4, visible=not machine))
            seen_pub = True
        if seen_pub and seen_upd:
            break
    return out


def _as_datetime(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


def _fmt_offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    m = abs(minutes)
    return f"{sign}{m // 60:02d}:{m % 60:02d}"


def _local(best: str, cands: list[_When]) -> str:
    """Keep the page's local time: prefer a same-instant candidate with a local offset,
    else shift a UTC/other-offset time to the offset a visible local time implies."""
    b = _as_datetime(best)
    if b is None or b.tzinfo is None:
        return best
    for c in cands:
        d = _as_datetime(c.iso)
        if d is not None and d.tzinfo is not None and d == b and d.utcoffset() and not b.utcoffset():
            return c.iso
    for c in cands:
        if not c.visible or "T" not in c.iso:
            continue
        v = _as_datetime(c.iso)
        if v is None or v.tzinfo is not None:
            continue
        utc = b.replace(tzinfo=None, second=0, microsecond=0) - (b.utcoffset() or timedelta(0))
        diff = int((v - utc).total_seconds() // 60)
        if abs(diff) <= 14 * 60 and diff % 15 == 0:
            return v.strftime("%Y-%m-%dT%H:%M") + _fmt_offset(diff)
    return best


def _published(page: _Page, lines: list[str]) -> str | None:
    cands = _date_candidates(page, lines)
    if not cands:
        return None
    best = min(cands, key=lambda c: c.rank)
    iso = best.iso
    if "T" not in iso:  # a date only: take a time given elsewhere for the same day
        same_day = sorted((c for c in cands if c.iso.startswith(iso + "T")), key=lambda c: c.rank)
        if same_day:
            best = same_day[0]
            iso = best.iso
    return iso if best.visible else _local(iso, cands)


# --- author ----------------------------------------------------------------------


def _person(raw: str | None, page: _Page) -> str | None:
    """A personal name from a byline, or None for outlets, desks, logos and handles.

    ``هسبريس - عبد الرحيم العسري`` keeps the name; ``(أبوظبي - البيان)`` (a place and
    the outlet) and ``دبي - العربية.نت`` give None.
    """
    if not raw:
        return None
    s = clean_line(re.sub(r"\s+", " ", raw))
    s = _BYLINE_PREFIX.sub("", s)
    if hit := parse_date_with_span(s):  # a byline box that also shows the date
        s = s[: hit[1]]
    s = s.strip(" -–—:|،,.·•")
    if re.search(r"[()\[\]]", s):
        return None
    parts = re.split(r"\s[-–—|]\s", s)
    if len(parts) > 1:
        names = [p for p in parts if _one_person(p, page)]
        outlets = [p for p in parts if _is_site_name(p, page.site_names) or _has_outlet_word(p)]
        return names[0] if len(names) == 1 and len(outlets) == len(parts) - 1 else None
    return s if _one_person(s, page) else None


def _has_outlet_word(s: str) -> bool:
    return any(normalise(w).strip(".،,") in _NOT_PERSON for w in s.split())


def _one_person(s: str, page: _Page) -> bool:
    s = s.strip(" -–—:|،,.·•")
    if not s or len(s) > 50 or re.search(r"[\d@#/|_:]|https?|www\.|\.(?:com|net|org)", s, re.I):
        return False
    if not 2 <= len(s.split()) <= 6 or _has_outlet_word(s):
        return False
    if _is_site_name(s, page.site_names):
        return False
    return not any(len(_key(n)) >= 3 and _key(n) in _key(s) for n in page.site_names)


def _ld_authors(page: _Page) -> Iterator[str]:
    by_id = {o.get("@id"): o for o in page.ld if o.get("@id")}
    for o in _articles(page):
        a = o.get("author") or o.get("creator")
        for x in a if isinstance(a, list) else [a]:
            if isinstance(x, dict) and set(x) <= {"@id"} and x.get("@id") in by_id:
                x = by_id[x["@id"]]
            if isinstance(x, str):
                yield x
            elif isinstance(x, dict):
                types = _types(x)
                if not types or "Person" in types:
                    if n := _first_str(x.get("name")):
                        yield n


def _visible_authors(page: _Page) -> Iterator[str]:
    for n in _near_headline(page):
        a = n.attributes
        attrs = " ".join(a.get(k) or "" for k in ("class", "id", "itemprop", "rel"))
        text = n.text(deep=True, separator=" ").strip()
        if not text or len(text) > 120:
            continue
        if _AUTHOR_ATTR.search(attrs) or _BYLINE_LINE.match(text):
            yield text


def _author(page: _Page, lines: list[str]) -> str | None:
    cands: list[str] = list(_ld_authors(page))
    cands += list(_visible_authors(page))
    for k in _AUTHOR_META:
        cands += [v for v in page.meta.get(k, []) if not v.lower().startswith("http")]
    cands += [m.group(1) for line in lines[:3] if (m := _BYLINE_LINE.match(line))]
    for c in cands:
        if p := _person(c, page):
            return p
    return None


# --- text --------------------------------------------------------------------------


def _extract_text(html: str, page: _Page) -> list[str]:
    import trafilatura  # heavy import, only for pages

    text = trafilatura.extract(
        html, favor_precision=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, deduplicate=False,
    )
    if not text or len(text) < 80:
        text = trafilatura.extract(html, favor_recall=True, include_comments=False) or text
    if not text:
        for o in _articles(page):
            if body := o.get("articleBody"):
                text = str(body)
                break
    return _clean_lines((text or "").splitlines())


def _clean_lines(raw: Iterable[str]) -> list[str]:
    out: list[str] = []
    skipping = False
    for line in raw:
        line = clean_line(line)
        if not line or is_chrome(line):
            continue
        if starts_related_block(line):
            skipping = True  # a 'read also' list of headlines inside the body
            continue
        if skipping and len(line.split()) < 15:
            continue
        skipping = False
        n = normalise(line)
        if any(d in n for d in _DISCLAIMER) and len(line.split()) < 80:
            continue
        out.append(line)
    if out:
        last = strip_tag_list(out[-1])
        out[-1:] = [last] if last else []
    return out


# --- entry point ----------------------------------------------------------------------


def _canonical(tree: LexborHTMLParser, meta: dict[str, list[str]]) -> str | None:
    link = tree.css_first('link[rel="canonical"]')
    url = link.attributes.get("href") if link is not None else None
    url = url or next(iter(meta.get("og:url", [])), None)
    if not url or not url.startswith(("http://", "https://")):
        return None
    return unquote(url.strip()) if "%" in url else url.strip()


def parse_html(html: str, source: str | None = None) -> RawArticle:
    """A saved news page -> RawArticle with text, title, published, author, url.

    Raises :class:`ReadError` when the page holds no article text.
    """
    tree = LexborHTMLParser(html)
    meta = _meta(tree)
    page = _Page(tree=tree, meta=meta, ld=_json_ld(tree), url=_canonical(tree, meta))
    page.site_names = _site_names(page)
    title = _title(page)
    _locate_headline(page, title)
    lines = _extract_text(html, page)
    if title:
        lines = [x for x in lines if _key(x) != _key(title)]
    author = _author(page, lines)
    published = _published(page, lines)
    # a byline or bare date line heading the body is metadata, not text
    while lines and (
        _BYLINE_LINE.match(lines[0])
        or ((hit := parse_date_with_span(lines[0])) and len(lines[0]) - (hit[2] - hit[1]) < 15)
    ):
        lines.pop(0)
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError(source or "<html>", "no article text found in the page")
    outlet = next((n for n in page.site_names if not _DOMAIN.match(n)), None)
    return RawArticle(
        text=text, source=source, title=title, published=published,
        author=author, url=page.url, outlet=outlet,
    )
