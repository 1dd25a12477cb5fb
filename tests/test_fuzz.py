"""Generated hard inputs: the readers and extraction never raise anything but Rawabit's own errors.

Random Unicode, Arabic with broken markup, mixed scripts, NUL bytes, truncated
UTF-8 and UTF-16, huge tokens and deeply nested HTML go through the readers
(every file kind), the JSONL record parser, extraction and the ``extract``
command. Each property runs ``FUZZ_EXAMPLES`` deterministic examples in CI
(profile ``ci``); ``python bench/fuzz.py`` runs the same properties with many
more (profile ``bench``).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="the fuzz tests need hypothesis (the dev extra)")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from rawabit.errors import RawabitError, ReadError  # noqa: E402
from rawabit.model import Article, RawArticle  # noqa: E402

FUZZ_EXAMPLES = 150  # per property in CI
_COMMON = {"deadline": None, "suppress_health_check": list(HealthCheck), "database": None}
settings.register_profile("ci", max_examples=FUZZ_EXAMPLES, derandomize=True, **_COMMON)
settings.register_profile("bench", max_examples=int(os.environ.get("RAWABIT_FUZZ_EXAMPLES", "3000")), **_COMMON)
settings.load_profile(os.environ.get("RAWABIT_FUZZ_PROFILE", "ci"))

# -- inputs -----------------------------------------------------------------------------

_ARABIC = (
    "قالت حركة طالبان إن التحالف مع تنظيم القاعدة مستمر منذ عام 2001 ووفرت ملاذا آمنا للقاعدة "
    "اشتباكات بين داعش والجيش الأفغاني في ولاية ننجرهار نفى المتحدث باسم الحركة ذبيح الله مجاهد "
    "لا يزال الشباب يقاتلون قوات اميصوم بدعم من إيران وحزب الله والحوثيين الرئيس الأمريكي "
    "الولايات المتحدة باكستان الهند السعودية التحالف العربي حماس إسرائيل ليبيا الأردن "
    "تنظيم الدولة الإسلامية ولاية خراسان ويرى مراقبون أن قد ربما سوف أعلن أكد ٢٠١٩ ١٣/سبتمبر/2021"
).split()
_MARKUP = ["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<style>", "<!--", "-->", "&nbsp;", "&amp;",
           "<b", ">", "<", "</", "<html>", "<body>", "<head>", "<title>", "</title>", "<br/>", "<!DOCTYPE html>",
           '<a href="x">', "<![CDATA[", "]]>", "<?xml version='1.0'?>", "[/b]", "[bold]", "{", "}", '"', "\\"]
_OTHER = ["\x00", "\ufeff", "\u200f", "\u202e", "\u0640", "\u064b\u064c", "\n", "\r\n", "\t", " ", ".", "؟", "،",
          "Hello", "Привет", "日本語", "🙂", "ﻻ", "\u00a0", "2.5", "http://x.y/z", "\U0001d400", "\ud7ff"]

_piece = st.one_of(
    st.sampled_from(_ARABIC),
    st.sampled_from(_MARKUP),
    st.sampled_from(_OTHER),
    st.text(max_size=20),  # any code point but surrogates, NUL included
    st.builds(lambda w, n: w * n, st.sampled_from(["ا", "طالبان", "x", "٠"]), st.integers(1, 5000)),  # huge tokens
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Article-like text: words, markup, odd characters, sometimes wrapped in deeply nested elements."""
    body = " ".join(draw(st.lists(_piece, max_size=60)))
    depth = draw(st.sampled_from([0, 0, 0, 5, 50, 500, 3000]))
    if depth:
        tag = draw(st.sampled_from(["div", "p", "span", "b"]))
        body = f"<{tag}>" * depth + body + f"</{tag}>" * depth
    if draw(st.booleans()):
        body = draw(st.sampled_from(["", "<!DOCTYPE html><html><body>", "<html>", "عنوان الخبر\n"])) + body
    return body


_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "latin-1")


@st.composite
def raw_bytes(draw: st.DrawFn) -> bytes:
    """A file's bytes: random bytes, or text in some encoding, possibly cut anywhere (truncated UTF-8)."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=3000))
    text = draw(texts())
    data = text.encode(draw(st.sampled_from(_ENCODINGS)), errors="replace")
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    """JSON Lines: records with generated fields, other JSON values, broken lines, odd bytes."""
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 4))
        if kind <= 1:
            rec = {"text": draw(texts())}
            for key in draw(st.lists(st.sampled_from(["id", "title", "published", "author", "url", "outlet"]),
                                     max_size=6)):
                rec[key] = draw(_json_values)
            lines.append(json.dumps(rec, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass"))
        elif kind == 2:
            lines.append(json.dumps(draw(_json_values)).encode("utf-8", "surrogatepass"))
        else:
            lines.append(draw(raw_bytes()).replace(b"\n", b" "))
    return b"\n".join(lines)


# -- properties -------------------------------------------------------------------------


def _pipeline():  # type: ignore[no-untyped-def]
    from rawabit.pipeline import default_pipeline

    return default_pipeline()


def _check_article(art: Article) -> None:
    """Extraction's output holds together: every span is its surface in the text."""
    for m in art.mentions:
        assert 0 <= m.start <= m.end <= len(art.text) and art.text[m.start:m.end] == m.surface
    for r in art.relations:
        assert art.text[r.evidence.start:r.evidence.end] == r.evidence.text
    json.dumps(art.as_dict(explain=True), ensure_ascii=False)


def _read_and_extract(data: bytes, suffix: str) -> None:
    from rawabit.readers import read_file

    with tempfile.TemporaryDirectory(prefix="rawabit-fuzz-") as d:
        path = Path(d) / f"input{suffix}"
        path.write_bytes(data)
        try:
            items = list(read_file(path))
        except RawabitError:
            return
        for item in items:
            assert isinstance(item, RawArticle | ReadError), item
            if isinstance(item, RawArticle):
                _check_article(_pipeline().run_raw(item))


@given(raw_bytes(), st.sampled_from([".txt", ".html", ".htm", ".md"]))
def test_files_of_any_bytes_are_read_and_extracted_or_reported(data: bytes, suffix: str) -> None:
    _read_and_extract(data, suffix)


@given(jsonl_bytes(), st.sampled_from([".jsonl", ".jsonl.gz"]))
def test_jsonl_of_any_records_is_read_and_extracted_or_reported(data: bytes, suffix: str) -> None:
    if suffix.endswith(".gz"):
        import gzip

        data = gzip.compress(data) if data[:1] != b"\x00" else data  # a corrupt .gz as well
    _read_and_extract(data, suffix)


@given(_json_values)
def test_any_json_value_is_a_record_or_a_read_error(value: object) -> None:
    from rawabit.readers.jsonl import parse_record

    try:
        raw = parse_record(value, "x.jsonl:1")
    except ReadError:
        return
    assert isinstance(raw, RawArticle) and raw.text.strip()


@given(texts())
def test_extraction_of_any_text_holds_together(text: str) -> None:
    _check_article(_pipeline().run_raw(RawArticle(text=text)))


@settings(max_examples=max(10, settings.default.max_examples // 5))
@given(jsonl_bytes(), st.sampled_from(["jsonl", "summary"]))
def test_the_extract_command_ends_with_a_message_not_a_traceback(data: bytes, fmt: str) -> None:
    from click.testing import CliRunner

    from rawabit.cli import main

    with tempfile.TemporaryDirectory(prefix="rawabit-fuzz-") as d:
        path = Path(d) / "input.jsonl"
        path.write_bytes(data)
        res = CliRunner().invoke(main, ["extract", str(path), "--format", fmt])
    assert res.exit_code in (0, 1), res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
