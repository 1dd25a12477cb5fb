from rawabit.text.normalise import normalise, normalise_text
from rawabit.text.segment import sentences, split_clitics, tokenize


def test_normalise_folds_letters_digits_and_controls():
    assert normalise("أإآٱ") == "اااا"
    assert normalise("مصطفى") == "مصطفي"
    assert normalise("القاعدة") == "القاعده"
    assert normalise("١٣ سبتمبر ٢٠٢١") == "13 سبتمبر 2021"
    assert normalise("القـــاعِدَةُ") == "القاعده"
    assert normalise("a\u00a0\u200fb  c") == "a b c"


def test_offset_map_points_into_original():
    text = "قال\u00a0 الـمُتحدِّث  باسم\u200f طالبانَ ١٣"
    nt = normalise_text(text)
    assert nt.norm == "قال المتحدث باسم طالبان 13"
    for word in ("المتحدث", "طالبان", "13", "باسم"):
        i = nt.norm.index(word)
        s, e = nt.to_original(i, i + len(word))
        assert normalise(text[s:e]) == word
        assert not text[s].isspace() and not text[e - 1].isspace()


def test_clitics_split_to_the_name():
    assert split_clitics("وطالبان") == ("و", "طالبان")
    assert split_clitics("لطالبان") == ("ل", "طالبان")
    assert split_clitics("بالقاعده") == ("بال", "قاعده")
    assert split_clitics("للقاعده") == ("لل", "قاعده")
    assert split_clitics("وزير") == ("", "وزير")  # too short to carry a clitic


def test_tokens_and_sentences_keep_offsets():
    text = "ساعد مقاتلو القاعدة طالبان. وفي عام 2019 اشتبكوا مع داعش!\nسطر جديد"
    toks = tokenize(text)
    for t in toks:
        assert normalise(text[t.start:t.end]) == t.norm
    sents = sentences(text, toks)
    assert len(sents) == 3
    assert text[sents[1].start:sents[1].end].startswith("وفي عام 2019")


def test_long_and_short_texts_fold_alike():
    """Long texts take the re.sub path, short ones str.translate: both equal the plain definition."""
    import random
    import re

    from rawabit.data import load_yaml
    from rawabit.text.normalise import _fold

    cm = load_yaml("charmap.yaml")
    one = {ord(k): v for k, v in cm["one_to_one"].items()}
    deletes = "".join(cm["delete"])
    runs = re.compile(f"[{re.escape(deletes)}]+| {{2,}}")

    def reference(s: str) -> str:
        return runs.sub(lambda m: " " if m.group(0)[0] == " " else "", s.translate(one).lower()).strip()

    rng = random.Random(7)
    alphabet = [chr(k) for k in one] + list(deletes) + list("ab Z  ابتة\u064e")
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
        assert _fold(s) == s.translate(one)
        assert normalise(s) == reference(s)
        nt = normalise_text(s)
        assert nt.norm.strip() == reference(s)
        assert all(0 <= o < len(s) for o in nt.offsets)
        assert normalise(s) == reference(s)  # the text normalise_text just folded: remembered
    s = "İstanbul  ب" * 10  # lower() lengthens it: normalise_text folds char by char, normalise does not
    normalise_text(s)
    assert normalise(s) == reference(s) != normalise_text(s).norm.strip()


def test_tokens_are_runs_of_word_characters_or_single_symbols():
    """Tokens: maximal runs of letters, digits, Arabic marks and tatweel (no underscore), or one symbol;
    a run that normalises to nothing (a lone tatweel) is no token."""
    import random
    import re

    marks = "\u0610\u061a\u064b\u065f\u0670\u06d6\u06ed\u0640\u200c\u200d"
    reference = re.compile(rf"(?:[^\W_]|[{marks}])+|[^\s\w]")
    rng = random.Random(11)
    alphabet = list("ab_ 7\n.،-") + list(marks) + list("قاعدة٣")
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        want = [m.span() for m in reference.finditer(s) if normalise(m.group(0))]
        assert [(t.start, t.end) for t in tokenize(s)] == want, s
    assert [t.norm for t in tokenize("القـاعِدَةُ_x ـ")] == ["القاعده", "x"]


def test_a_sentence_without_stops_is_cut_into_pieces():
    """A page flattened to one line would be one sentence, and the rules' cost grows faster than
    a sentence's length: sentences are cut at MAX_SENTENCE_TOKENS tokens; shorter ones are kept."""
    from rawabit.text.segment import MAX_SENTENCE_TOKENS

    text = "قالت حركة طالبان إن التعاون مع باكستان مستمر " * 1000 + ". وانتهى."
    toks = tokenize(text)
    sents = sentences(text, toks)
    assert max(s.last_token - s.first_token for s in sents) <= MAX_SENTENCE_TOKENS
    assert [(s.first_token, s.last_token) for s in sents] == [
        (a, min(a + MAX_SENTENCE_TOKENS, len(toks) - 2)) for a in range(0, len(toks) - 2, MAX_SENTENCE_TOKENS)
    ] + [(len(toks) - 2, len(toks))]
    assert sents[-2].end == text.index(". و") + 1 and sents[0].end == toks[MAX_SENTENCE_TOKENS - 1].end
    short = "جملة أولى. جملة ثانية"
    assert len(sentences(short, tokenize(short))) == 2


def test_hashtag_words_joined_by_underscores_are_matched_as_names():
    from rawabit import extract

    assert normalise("#حزب_الله") == "#حزب الله"
    text = "دعا #التحالف_العربي إلى وقف دعم #حزب_الله لـ #ميليشيات_الحوثي"
    art = extract(text)
    found = {m.actor_id: text[m.start:m.end] for m in art.mentions}
    assert found.get("hezbollah") == "حزب_الله"  # offsets into the original text, underscore kept
    assert "houthis" in found and "saudi-led-coalition" in found
