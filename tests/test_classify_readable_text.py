"""The classifier reads hidden characters and compatibility letters as the plain word (readable_text)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.classify.readable_text import as_written, readable, readable_many, readable_with_origins

PLAIN = "Honestly the columnist writing this is an idiot, read the article."
HIDDEN_WORDS = {
    "zero-width space": "id\u200biot",
    "soft hyphen": "i\u00addiot",
    "word joiner": "idi\u2060ot",
    "zero-width joiner": "id\u200diot",
    "bidi override": "\u202eidiot\u202c",
    "byte-order mark": "\ufeffidiot",
    "roman numeral": "\u2170diot",
    "full width": "\uff49\uff44\uff49\uff4f\uff54",
    "right-to-left mark inside": "id\u200fiot",
    "mathematical bold": "\U0001d422\U0001d41d\U0001d422\U0001d428\U0001d42d",
    "circled letter": "\u24d8diot",
    "combining marks": "".join(letter + "\u0336" for letter in "idiot"),  # struck through
    "Cyrillic o": "idi\u043et",
    "Cyrillic i": "\u0456d\u0456ot",
    "Greek omicron": "idi\u03bft",
    "Cyrillic o behind a zero-width space": "id\u200bi\u043et",
}
HIDDEN = {name: PLAIN.replace("idiot", word) for name, word in HIDDEN_WORDS.items()}


@pytest.mark.parametrize("name", list(HIDDEN))
def test_hidden_variants_read_as_the_plain_text(name):
    assert readable(HIDDEN[name]) == PLAIN


def test_ordinary_text_is_the_same_string():
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # the non-joiner is part of its spelling
    marked = "\u05e9\u05dc\u05d5\u05dd 2024\u200f @you\u200f\n"  # direction marks beside numbers and punctuation
    ordinary = ["plain ascii", "café crème… naïve", persian, "👨\u200d👩\u200d👧", marked, "x² and ¹ and ① first"]
    assert readable_many(ordinary) == ordinary
    assert all(readable_with_origins(text)[1] is None for text in ordinary)


def test_look_alike_letters_inside_latin_words_read_as_latin():
    assert readable("stup\u0456d") == "stupid"  # Cyrillic i
    assert readable("mor\u03bfn") == "moron"  # Greek omicron
    assert readable("\u0406D\u0406\u041eT") == "IDIOT"  # Cyrillic capitals
    assert readable("\u0430\u0455\u0455hole") == "asshole"  # a word that starts in Cyrillic
    assert as_written(["insult word: idiot"], "You idi\u043et.") == ["insult word: idi\u043et"]


def test_cyrillic_and_greek_words_read_as_written():
    russian = "Это очень хорошая статья, спасибо!"
    greek = "Καλό άρθρο, ευχαριστώ πολύ."
    beside_latin = russian + " ok " + greek  # Latin words beside them do not make them mixed
    for text in (russian, greek, beside_latin):
        assert readable_with_origins(text) == (text, None)


def test_a_stray_latin_letter_in_a_greek_text_leaves_its_word_greek():
    greek = "K\u03b1\u03b9 \u03c4\u03ce\u03c1\u03b1"  # "and now" with a Latin K typed for the Greek one
    assert readable_with_origins(greek) == (greek, None)
    assert readable(greek + " you idi\u03bft") == greek + " you idiot"  # a Latin word in it still folds
    assert readable("\u0456d\u0456\u043et") == "idiot"  # most letters swapped, in a Latin text


def test_ligature_folds_to_its_letters():
    assert readable("\ufb01ne") == "fine"


def assert_origins_inside_in_order(text):
    read, origins = readable_with_origins(text)
    if origins is None:
        assert read == text
        return
    assert len(origins) == len(read)
    assert all(0 <= origin < len(text) for origin in origins)
    assert origins == sorted(origins)


@given(st.text())
def test_origins_lie_inside_the_text_in_order(text):
    assert_origins_inside_in_order(text)


MIXED_SCRIPTS = "idot \u043e\u0456\u03bf\u03b9\u0416\u03bb\u200b\u0336"  # Latin, look-alikes, others, hidden


@given(st.text(alphabet=MIXED_SCRIPTS))
def test_origins_of_mixed_script_text_lie_inside_it(text):
    assert_origins_inside_in_order(text)


PIECES = ["id", "\u200b", "\u00ad", "iot", " ", "\uff49", "\u0336", "a", "\u202e", "\u043e", "\u03bf", "\u0416"]


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
