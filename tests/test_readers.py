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
