"""Provisional (NER) actors: names keep their first letter, proclitics go."""

from __future__ import annotations

import pytest

from rawabit.extraction.provisional import _conjunction
from rawabit.text.segment import tokenize


@pytest.mark.parametrize(
    ("word", "clitic"),
    [
        ("كارلوس", ""),  # a name beginning with ك is not "like" + name
        ("فريديريك", ""),
        ("بوتين", ""),
        ("فولفغانغ", ""),
        ("وليام", ""),  # a foreign name beginning with و
        ("وليد", ""),  # a given name beginning with و
        ("فيصل", ""),
        ("ومحمد", "و"),
        ("لمحمد", "ل"),
        ("وأبو", "و"),
        ("فأبو", "ف"),
        ("والكولونيل", "و"),
        ("وبوتين", "و"),
    ],
)
def test_proclitic_of_a_name(word: str, clitic: str) -> None:
    assert _conjunction(tokenize(word)[0]) == clitic
