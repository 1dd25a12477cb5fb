"""rawabit.readers.html: title, publication time, byline and body of saved news pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rawabit.errors import ReadError
from rawabit.readers.html import parse_html

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "data" / "html"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
REAL_PAGES = sorted(REAL.glob("*.html")) if REAL.is_dir() else []


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _same_minute(got: str | None, want: str | None) -> bool:
    """Equal to the minute; the offset is compared too when both give one."""
    if got is None or want is None:
        return got == want
    if got[:16] != want[:16]:
        return False
    return len(got) <= 16 or len(want) <= 16 or got[16:] == want[16:]


# --- the real pages of /work/shared/data/html ---------------------------------------


@pytest.mark.skipif(not REAL_PAGES, reason=f"shared data not found at {REAL} (the 'shared' folder beside the repo)")
@pytest.mark.parametrize("path", REAL_PAGES, ids=lambda p: p.name)
def test_real_page_metadata(path: Path) -> None:
    truth = json.loads(path.with_name(path.name.removesuffix(".html") + ".meta.json").read_text(encoding="utf-8"))
    art = parse_html(path.read_text(encoding="utf-8"), source=str(path))
    assert art.title == truth["title"]
    assert _same_minute(art.published, truth["published"]), (art.published, truth["published"])
    assert art.author == truth["author"]
    assert art.url == truth["url"]
    assert art.source == str(path)
    first = truth["first_words"].split()[:6]
    assert art.text.split()[:6] == first


@pytest.mark.skipif(not REAL_PAGES, reason=f"shared data not found at {REAL} (the 'shared' folder beside the repo)")
def test_real_page_body_has_no_chrome() -> None:
    art = parse_html((REAL / "10_cnnarabic.html").read_text(encoding="utf-8"))
    assert "الآراء الواردة" not in art.text  # comment disclaimer under the article
    assert "سياسة الخصوصية" not in art.text
    assert art.text.rstrip().endswith("بشكل مستقل.")


# --- hand-made pages for each trap -------------------------------------------------------


def test_decoy_modified_header_and_read_also_dates() -> None:
    art = parse_html(_fixture("decoy_dates.html"))
    # meta published 07:30 UTC, shown as 10:30 local: the local time and its offset are kept;
    # modified meta, 'آخر تحديث', header date, 'اقرأ أيضا' and sidebar dates are ignored.
    assert art.published == "2021-05-05T10:30+03:00"


def test_site_suffix_removed_from_title() -> None:
    art = parse_html(_fixture("decoy_dates.html"))
    assert art.title == "الجيش يعلن السيطرة على مدينة حدودية"


def test_site_name_is_not_the_author() -> None:
    art = parse_html(_fixture("decoy_dates.html"))  # meta author = og:site_name
    assert art.author is None


def test_body_without_nav_footer_or_read_also() -> None:
    art = parse_html(_fixture("decoy_dates.html"), source="decoy_dates.html")
    assert art.text.startswith("أعلن الجيش صباح اليوم")
    assert art.text.endswith("في محيط قراهم.")
    for chrome in ("اقتصاد", "رياضة", "جميع الحقوق", "اشتباكات في الريف", "الأكثر قراءة", "خبر قديم"):
        assert chrome not in art.text
    assert len(art.text.splitlines()) == 3
    assert art.url == "https://www.alwatan-news.example/2021/05/05/army-border-city"
    assert art.source == "decoy_dates.html"


def test_visible_dates_only_publication_beats_update() -> None:
    art = parse_html(_fixture("visible_only.html"))
    # 'آخر تحديث' is shown first, the top-bar date is today's: 'نشر في' wins
    assert art.published == "2021-06-09T21:40"


def test_section_and_site_cut_from_title_tag() -> None:
    art = parse_html(_fixture("visible_only.html"))
    assert art.title == "وزير الخارجية يبحث مع نظيره التركي الملف السوري"


def test_logo_is_not_the_author() -> None:
    art = parse_html(_fixture("visible_only.html"))  # writer box holds a logo and the paper's name
    assert art.author is None


def test_byline_with_colon() -> None:
    art = parse_html(_fixture("byline_colon.html"))
    assert art.author == "حسن عبد الكريم"  # not the JSON-LD Organization, not the @handle
    assert "كتب" not in art.text.splitlines()[0]
    assert art.text.startswith("قتل ثلاثة مسلحين")
    assert "من نحن" not in art.text and "فيديو" not in art.text


def test_title_separator_double_colon_and_indic_date() -> None:
    art = parse_html(_fixture("byline_colon.html"))
    assert art.title == "مقتل ثلاثة مسلحين في هجوم على نقطة أمنية"
    # JSON-LD gives 14:05Z, the page shows ٥:٠٥ م: local time kept with its offset
    assert art.published == "2019-11-20T17:05+03:00"


_BODY = (
    "<p>أعلنت الحكومة اليوم عن خطة جديدة لإعادة إعمار المناطق المتضررة من الحرب، تشمل بناء المدارس "
    "والمستشفيات وإصلاح شبكات المياه والكهرباء في عدد من المحافظات.</p>"
    "<p>وقال رئيس الوزراء في مؤتمر صحفي إن الخطة ستنفذ على ثلاث مراحل بتمويل من الدولة ومن المانحين "
    "الدوليين، وإن المرحلة الأولى ستبدأ مطلع العام المقبل.</p>"
)


def _page(head: str, article: str = "") -> str:
    return (
        f'<html lang="ar"><head><meta charset="utf-8">{head}</head><body>'
        f"<article><h1>الحكومة تعلن خطة لإعادة الإعمار</h1>{article}{_BODY}</article></body></html>"
    )


@pytest.mark.parametrize(
    "author",
    ["(أبوظبي - البيان)", "@ahmed_news", "https://www.facebook.com/someone", "وكالات", "فريق التحرير", "admin"],
)
def test_non_person_meta_authors_rejected(author: str) -> None:
    art = parse_html(_page(f'<meta name="author" content="{author}">'))
    assert art.author is None


def test_json_ld_person_author_and_published() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "الحكومة تعلن خطة لإعادة الإعمار",
        "datePublished": "2022-03-01T09:15:00+02:00",
        "dateModified": "2022-03-04T10:00:00+02:00",
        "author": [{"@type": "Person", "name": "سارة محمود"}],
    }
    art = parse_html(_page(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'))
    assert art.author == "سارة محمود"
    assert art.published == "2022-03-01T09:15+02:00"


def test_host_name_cut_from_title_without_site_meta() -> None:
    head = (
        "<title>الحكومة تعلن خطة لإعادة الإعمار | CNN Arabic</title>"
        '<link rel="canonical" href="https://arabic.cnn.com/middle-east/article/2022/03/01/plan">'
    )
    art = parse_html(_page(head))
    assert art.title == "الحكومة تعلن خطة لإعادة الإعمار"
    assert art.published == "2022-03-01"  # only the URL carries a date


def test_byline_in_visible_box_with_bi_qalam() -> None:
    art = parse_html(_page("", '<div class="byline">بقلم: محمد السيد</div><div class="date">1 مارس 2022</div>'))
    assert art.author == "محمد السيد"
    assert art.published == "2022-03-01"


def test_page_without_text_raises() -> None:
    html = "<html><head><title>الرئيسية</title></head><body><nav><a href='/'>الرئيسية</a></nav></body></html>"
    with pytest.raises(ReadError) as err:
        parse_html(html, source="empty.html")
    assert err.value.path == "empty.html"


def test_outlet_dash_name_byline_keeps_the_person() -> None:
    head = '<meta property="og:site_name" content="هسبريس">'
    art = parse_html(_page(head, '<span class="author">هسبريس - عبد الرحيم العسري</span>'))
    assert art.author == "عبد الرحيم العسري"


def test_place_dash_outlet_byline_is_not_a_person() -> None:
    head = '<meta property="og:site_name" content="العربية.نت">'
    art = parse_html(_page(head, '<span class="author">دبي - العربية.نت</span>'))
    assert art.author is None


def test_utc_meta_shifted_to_the_visible_local_time() -> None:
    head = '<meta property="article:published_time" content="2021-09-13T14:45:00+00:00">'
    art = parse_html(_page(head, '<div class="date">الإثنين 13 شتنبر 2021 - 15:45</div>'))
    assert art.published == "2021-09-13T15:45+01:00"


def test_date_line_heading_the_body_without_headline() -> None:
    html = (
        "<html><head><title>الحكومة تعلن خطة لإعادة الإعمار</title></head><body><div class='content'>"
        "<p>الإثنين 13/سبتمبر/2021 - 03:45 م</p><p>كتب: علي رجب</p>" + _BODY + "</div></body></html>"
    )
    art = parse_html(html)
    assert art.published == "2021-09-13T15:45"
    assert art.author == "علي رجب"
    assert art.text.startswith("أعلنت الحكومة")
