import json

import pytest
from conftest import SEED, needs_shared

from rawabit.errors import ReadError
from rawabit.readers import iter_articles
from rawabit.readers.encoding import decode
from rawabit.readers.txt import parse_txt

PAGE = """أيلول يشهد تحالفا جديدا
13 أيلول 2021
كتب: سامي الأحمد
طباعة
قالت حركة طالبان إن التعاون مع باكستان مستمر.
شارك
اقرأ أيضا
خبر آخر لا علاقة له
"""


def test_txt_page_metadata_and_chrome():
    art = parse_txt(PAGE, source="x.txt")
    assert art.title == "أيلول يشهد تحالفا جديدا"
    assert art.published == "2021-09-13"
    assert art.author == "سامي الأحمد"
    assert art.text == "قالت حركة طالبان إن التعاون مع باكستان مستمر."


@needs_shared
def test_seed_metadata_exact():
    art = next(iter_articles([SEED]))
    assert art.title == "علاقات وتبادل مصالح..لماذا استمرار تحالف القاعدة وطالبان؟"
    assert art.published == "2021-09-13T15:45"
    assert art.author == "علي رجب"
    assert "طباعة" not in art.text.splitlines()[0]
    assert not art.text.rstrip().endswith("شارك")
    assert "\u00a0" not in art.text


def test_encodings(tmp_path):
    text = "قالت حركة طالبان"
    assert decode(text.encode("utf-8"), "a") == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "a") == text
    assert decode(text.encode("cp1256"), "a") == text


def test_bad_files_reported_others_processed(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 10)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    jl = tmp_path / "a.jsonl"
    jl.write_text(json.dumps({"id": "1", "text": "نص"}, ensure_ascii=False) + "\n{bad json\n" + json.dumps({"title": "x"}) + "\n",
                  encoding="utf-8")
    win = tmp_path / "win.txt"
    win.write_bytes(PAGE.encode("cp1256"))
    out = list(iter_articles([tmp_path, tmp_path / "missing.txt"]))
    errors = [x for x in out if isinstance(x, ReadError)]
    arts = [x for x in out if not isinstance(x, ReadError)]
    reasons = {e.path.split("/")[-1]: e.reason for e in errors}
    assert "bin.txt" in reasons and "binary" in reasons["bin.txt"]
    assert "empty.txt" in reasons
    assert "a.jsonl:2" in reasons and "invalid JSON" in reasons["a.jsonl:2"]
    assert "a.jsonl:3" in reasons and "text" in reasons["a.jsonl:3"]
    assert "missing.txt" in reasons
    assert {a.id for a in arts if a.id} == {"1"}
    assert sum(1 for a in arts if a.published == "2021-09-13") == 2  # utf-8 and windows-1256 pages


@pytest.mark.parametrize(
    ("given", "iso"),
    [
        ("2015-08-11 13:46:18", "2015-08-11T13:46:18"),  # SaudiNewsNet writes a space
        ("2015-08-11T13:46:18", "2015-08-11T13:46:18"),
        ("2021-09-13T15:45:00+03:00", "2021-09-13T15:45:00+03:00"),
        ("2015-08-11", "2015-08-11"),
        ("الإثنين 13/سبتمبر/2021 - 03:45 م", "2021-09-13T15:45"),
        ("sometime", "sometime"),  # unreadable: kept, not lost
    ],
)
def test_jsonl_published_is_iso(tmp_path, given, iso):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": "نص الخبر", "published": given}, ensure_ascii=False) + "\n", encoding="utf-8")
    (art,) = list(iter_articles([f]))
    assert art.published == iso


def test_tag_list_at_the_end_is_dropped(tmp_path):
    """Keywords after the last sentence name actors without a sentence: they are chrome."""
    text = "وقال ذبيح الله مجاهد المتحدث باسم طالبان إن الركاب قتلوا. سمات أشرف غني افغانستان باكستان تفجير كابول"
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": "سطر أول.\n" + text}, ensure_ascii=False) + "\n", encoding="utf-8")
    (art,) = list(iter_articles([f]))
    assert art.text.endswith("إن الركاب قتلوا.")
    keep = "وقال إن سمات القيادة واضحة في الحركة"  # the word in a sentence stays
    f.write_text(json.dumps({"text": keep}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert next(iter(iter_articles([f]))).text == keep


def test_one_path_may_be_given_alone(tmp_path):
    """A string is one path, not a sequence of one-letter paths (which would walk '/')."""
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    for given in (str(page), page, str(tmp_path)):
        (art,) = iter_articles(given)
        assert not isinstance(art, ReadError) and art.published == "2021-09-13"
    (err,) = iter_articles(str(tmp_path / "missing.txt"))
    assert isinstance(err, ReadError) and err.reason == "no such file or folder"


# -- hard inputs (issue 21) ------------------------------------------------------

HTML_AS_TXT = """<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8"><title>تحالف جديد | موقع الأخبار</title>
<script>var s = "تحالف تنظيم داعش مع حركة الشباب"; window.dataLayer = [];</script></head>
<body><nav>الرئيسية | أخبار | رياضة</nav>
<article><h1>تحالف جديد</h1>
<p>قالت مصادر مطلعة إن التحالف بين تنظيم القاعدة وحركة طالبان ما يزال قائما رغم الضغوط الدولية المتزايدة
على الحركة منذ سنوات طويلة في أفغانستان وخارجها.</p>
<p>وأضافت المصادر أن قادة الحركة يرفضون قطع العلاقات مع التنظيم حتى الآن بحسب تقارير متطابقة.</p>
</article></body></html>
"""


def test_an_html_page_saved_as_txt_is_read_as_a_page(tmp_path):
    import rawabit

    f = tmp_path / "page.txt"
    f.write_text(HTML_AS_TXT, encoding="utf-8")
    (art,) = iter_articles([f])
    assert art.title == "تحالف جديد"
    assert "<" not in art.text and "dataLayer" not in art.text and "طالبان" in art.text
    rels = {(r.source, r.target) for r in rawabit.extract_article(art).relations}
    assert ("islamic-state", "al-shabaab-militant-group") not in rels  # from inside <script>
    # in a JSONL record's text as well
    jl = tmp_path / "a.jsonl"
    jl.write_text(json.dumps({"id": "p", "text": HTML_AS_TXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    (rec,) = iter_articles([jl])
    assert "<" not in rec.text and "dataLayer" not in rec.text and rec.title == "تحالف جديد"


def test_utf16_without_a_bom_is_text_not_binary(tmp_path):
    for enc in ("utf-16-le", "utf-16-be"):
        f = tmp_path / f"{enc}.txt"
        f.write_bytes(PAGE.encode(enc))
        (art,) = iter_articles([f])
        assert not isinstance(art, ReadError), art
        assert art.text == "قالت حركة طالبان إن التعاون مع باكستان مستمر."
    with pytest.raises(ReadError, match="binary"):
        decode(bytes(range(256)) * 8, "x.bin")


def test_invalid_json_message_reads_once(tmp_path):
    jl = tmp_path / "a.jsonl"
    jl.write_text('{"id": "1", "text": "نص', encoding="utf-8")
    (err,) = iter_articles([jl])
    assert isinstance(err, ReadError)
    assert "at at" not in err.reason and err.reason == "invalid JSON: Unterminated string starting at column 21"


def test_records_without_text_are_empty_inputs_not_failures(tmp_path):
    from rawabit.errors import EmptyInput

    jl = tmp_path / "a.jsonl"
    jl.write_text('{"id": "1", "text": ""}\n{"id": "2"}\n{"id": "3", "text": 7}\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_text(" \n", encoding="utf-8")
    out = list(iter_articles([tmp_path]))
    assert [type(x).__name__ for x in out] == ["EmptyInput", "EmptyInput", "ReadError", "EmptyInput"]
    assert isinstance(out[0], ReadError) and not isinstance(out[2], EmptyInput)  # still ReadErrors to callers


def test_an_article_over_the_limit_is_cut_at_paragraph_breaks(tmp_path, caplog):
    from rawabit.readers import MAX_ARTICLE_CHARS

    para = "قالت حركة طالبان إن التعاون مع باكستان مستمر منذ سنوات. " * 1000  # 57,000 characters
    n = MAX_ARTICLE_CHARS // len(para) * 3
    jl = tmp_path / "a.jsonl"
    jl.write_text(json.dumps({"id": "big", "text": "\n".join([para] * n), "title": "t"}, ensure_ascii=False) + "\n",
                  encoding="utf-8")
    with caplog.at_level("WARNING"):
        parts = list(iter_articles([jl]))
    assert len(parts) == 3 and all(not isinstance(p, ReadError) for p in parts)
    assert [p.id for p in parts] == ["big-part1", "big-part2", "big-part3"]
    assert all(len(p.text) <= MAX_ARTICLE_CHARS for p in parts) and all(p.title == "t" for p in parts)
    assert sum(len(p.text) for p in parts) + len(parts) - 1 == len(para.strip()) * n + n - 1
    assert "a.jsonl:1" in caplog.text and "3 parts" in caplog.text


@pytest.mark.parametrize("suffix", [".jsonl", ".txt", ".html"])
def test_a_20mb_single_line_record_is_refused_at_once_naming_it(tmp_path, suffix):
    import time

    line = "قالت حركة طالبان إن التعاون مع باكستان مستمر " * 460_000  # 20.7 million characters, one line
    f = tmp_path / f"big{suffix}"
    if suffix == ".jsonl":
        f.write_text('{"id": "x", "text": "ok"}\n' + json.dumps({"text": line}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    elif suffix == ".txt":
        f.write_text("العنوان\n" + line, encoding="utf-8")
    else:
        f.write_text(f"<html><body><p>{line}</p></body></html>", encoding="utf-8")
    t0 = time.perf_counter()
    out = list(iter_articles([f]))
    assert time.perf_counter() - t0 < 30
    err = out[-1]
    assert isinstance(err, ReadError), err
    assert err.path == (f"{f}:2" if suffix == ".jsonl" else str(f))
    assert "over the limit" in err.reason
