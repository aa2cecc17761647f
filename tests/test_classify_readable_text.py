"""The classifier reads hidden characters and compatibility letters as the plain word (readable_text)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.classify.readable_text import as_written, readable, readable_many, readable_with_origins

PLAIN = "You are an idiot, read the article."
HIDDEN = {
    "zero-width space": "You are an id\u200biot, read the article.",
    "soft hyphen": "You are an i\u00addiot, read the article.",
    "word joiner": "You are an idi\u2060ot, read the article.",
    "zero-width joiner": "You are an id\u200diot, read the article.",
    "bidi override": "You are an \u202eidiot\u202c, read the article.",
    "byte-order mark": "You are an \ufeffidiot, read the article.",
    "roman numeral": "You are an \u2170diot, read the article.",
    "full width": "You are an \uff49\uff44\uff49\uff4f\uff54, read the article.",
    "right-to-left mark inside": "You are an id\u200fiot, read the article.",
    "mathematical bold": "You are an \U0001d422\U0001d41d\U0001d422\U0001d428\U0001d42d, read the article.",
    "circled letter": "You are an \u24d8diot, read the article.",
    "combining marks": "You are an i\u0336d\u0336i\u0336o\u0336t\u0336, read the article.",
}


@pytest.mark.parametrize("name", list(HIDDEN))
def test_hidden_variants_read_as_the_plain_text(name):
    assert readable(HIDDEN[name]) == PLAIN


def test_ordinary_text_is_the_same_string():
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # the non-joiner is part of its spelling
    marked = "\u05e9\u05dc\u05d5\u05dd 2024\u200f @you\u200f\n"  # direction marks beside numbers and punctuation
    ordinary = ["plain ascii", "café crème… naïve", persian, "👨\u200d👩\u200d👧", marked, "x² and ¹ and ① first"]
    assert readable_many(ordinary) == ordinary
    assert all(readable_with_origins(text)[1] is None for text in ordinary)


def test_ligature_folds_to_its_letters():
    assert readable("\ufb01ne") == "fine"


@given(st.text())
def test_origins_lie_inside_the_text_in_order(text):
    read, origins = readable_with_origins(text)
    if origins is None:
        assert read == text
        return
    assert len(origins) == len(read)
    assert all(0 <= origin < len(text) for origin in origins)
    assert origins == sorted(origins)


PIECES = ["id", "\u200b", "\u00ad", "iot", " ", "\uff49", "\u0336", "a", "\u202e"]


@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_words_named_as_written_are_parts_of_the_text(pieces):
    text = "".join(pieces)
    read = readable(text)
    for reason in as_written(re.findall(r"\w+", read.lower()), text):
        assert reason in text.lower()


def test_scores_and_reasons_of_hidden_variants(stand_in_default_model):
    model = stand_in_default_model
    plain = model.predict_proba([PLAIN])
    texts = list(HIDDEN.values())
    scores = model.predict_proba(texts)
    for label, values in scores.items():
        assert values.tolist() == pytest.approx([plain[label][0]] * len(texts), abs=1e-12)
    plain_reasons = model.explain_many("insult", [PLAIN])[0]
    assert any("idiot" in reason for reason in plain_reasons)
    for text, reasons in zip(texts, model.explain_many("insult", texts), strict=True):
        assert len(reasons) == len(plain_reasons)
        written = [word for word in text.lower().replace(",", " ").split() if readable(word) == "idiot"][0]
        written = written.strip("\u202e\u202c\ufeff")  # controls around the word are not part of it
        if written != "idiot":
            assert any(written in reason for reason in reasons), (text, reasons)
            assert not any("idiot" in reason for reason in reasons), (text, reasons)
