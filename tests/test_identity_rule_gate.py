"""The name-change rules' pre-check (identity/rule_gate.py) skips a rule only where it cannot match."""

from __future__ import annotations

import csv
import re

import pytest
from conftest import KAGGLE, PROJECT, SHARED, require_shared
from hypothesis import given
from hypothesis import strategies as st

from moderation.identity import name_change_text
from moderation.identity.name_change_text import _KNOWN_ONLY, _RULES, read_name_change
from moderation.identity.rule_gate import Gate, GateSet, required_strings
from moderation.parsing import expand_paths, parse_source

PATTERNS = [rule[0] for rule in _RULES] + [_KNOWN_ONLY]
GATES = [Gate(pattern) for pattern in PATTERNS]
GATE_SET = GateSet(PATTERNS)
KNOWN = {"quietwater": "QuietWater", "eastbanked": "East Bank Ed", "jim195": "Jim195"}

# Random text made of the rules' own words, punctuation and the characters Unicode case-folding
# treats specially (dotless and dotted i, long s, the Kelvin sign), so that near-misses are common.
_PIECES = sorted(
    {word for gate in GATES for keys in gate.sets for key in keys for word in re.findall(r"\S+", key)}
    | {"I", "I'm", "I’m", "you", "my", "as", "was", "is", "the", "name", "Jim195", "QuietWater", ",", ".", "\n"}
    | {"ı", "İ", "ſ", "K", "POſT", "naMe", "accoUnt", "wrıte"}
)
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=25).map(" ".join)


def _rules_disagree(text: str) -> list[str]:
    """The patterns that match `text` although a gate (each alone, or all together) says they cannot."""
    lowered = text.lower() if text.isascii() else None
    together = GATE_SET.may_match(text)
    return [
        pattern.pattern[:60]
        for pattern, gate, may_match in zip(PATTERNS, GATES, together, strict=True)
        if not (gate.may_match(text, lowered) and may_match) and pattern.search(text)
    ]


def _ungated(monkeypatch) -> None:
    monkeypatch.setattr(GateSet, "may_match", lambda self, text: [True] * len(self.gates))


def test_required_strings_come_from_the_pattern():
    pattern = re.compile(r"\bwr[io]te (?:here )?(?:as|by)\s+(?P<name>.+)", re.I)
    spellings = {"write as", "write by", "write here as", "write here by", "wrote as", "wrote by", "wrote here as"}
    assert any(spellings <= strings for strings in required_strings(pattern))
    gate = Gate(pattern)
    assert gate.may_match("I wrote as Jim", "i wrote as jim")
    assert not gate.may_match("I posted as Jim", "i posted as jim")
    # Unicode case folds count as the regex counts them: "ı" matches "i" under re.IGNORECASE.
    assert pattern.search("I wrıte as Jim")
    assert gate.may_match("I wrıte as Jim", None)


def test_a_pattern_with_nothing_required_is_never_skipped():
    gate = Gate(re.compile(r"\w+\s+\w+", re.I))
    assert gate.sets == ()
    assert gate.may_match("anything", "anything")


@given(_TEXT)
def test_no_rule_is_skipped_where_it_matches(text):
    assert _rules_disagree(text) == []


@given(_TEXT)
def test_readings_are_those_of_the_full_rules(text):
    gated = read_name_change(text, KNOWN, addressee="QuietWater")
    original = GateSet.may_match
    try:
        GateSet.may_match = lambda self, text: [True] * len(self.gates)
        full = read_name_change(text, KNOWN, addressee="QuietWater")
    finally:
        GateSet.may_match = original
    assert gated == full


@given(_TEXT)
def test_the_gates_together_say_what_each_says(text):
    lowered = text.lower() if text.isascii() else None
    alone = [gate.may_match(text, lowered) for gate in GATES]
    together = GATE_SET.may_match(text)
    if text.isascii():
        assert together == alone
    else:  # a Unicode fold may make the set pass a pattern its gate alone rules out, never the reverse
        assert all(found for found, said in zip(together, alone, strict=True) if said)


def _texts(paths) -> list[str]:
    texts = []
    for source in expand_paths(paths):
        try:
            threads = parse_source(source)
        except Exception:  # noqa: BLE001 - a file that is not a dump holds no comments to check
            continue
        texts.extend(comment.text for thread in threads for comment in thread.comments)
    return texts


def _check_corpus(texts: list[str], monkeypatch) -> None:
    assert texts
    assert [text[:60] for text in texts if _rules_disagree(text)] == []
    gated = [read_name_change(text, KNOWN) for text in texts]
    _ungated(monkeypatch)
    assert gated == [read_name_change(text, KNOWN) for text in texts]


def test_sample_threads_read_alike(monkeypatch):
    _check_corpus(_texts([PROJECT / "sample_threads"]), monkeypatch)


@pytest.mark.slow
def test_labelled_threads_read_alike(monkeypatch):
    _check_corpus(_texts([require_shared(SHARED / "data" / "labelled-threads")]), monkeypatch)


@pytest.mark.slow
def test_kaggle_comments_read_alike(monkeypatch):
    path = require_shared(KAGGLE / "train.csv")
    with path.open(encoding="utf-8", errors="replace", newline="") as stream:
        texts = [row["Comment"] for row in csv.DictReader(stream)]
    _check_corpus(texts, monkeypatch)


def test_gates_are_in_use():
    gates = name_change_text._GATES.gates
    assert len(gates) == len(_RULES) + 1
    assert all(gate.sets for gate in gates)


def test_a_case_sensitive_pattern_is_checked_as_written():
    gate = Gate(re.compile(r"\bAKA (?P<name>\w+)"))
    assert gate.may_match("Bob AKA Jim", "bob aka jim")
    assert not gate.may_match("Bob aka Jim", "bob aka jim")


@pytest.mark.slow
def test_training_corpus_reads_alike(monkeypatch):
    from moderation.classify.default_model import corpus_files
    from moderation.datasets.loading import load_examples

    _check_corpus([example.text for path in corpus_files() for example in load_examples(path)], monkeypatch)


def test_strings_with_a_typographic_apostrophe_or_an_accent_are_found_in_any_case():
    gates = GateSet([re.compile(r"\bi’m the one who\b", re.I), re.compile(r"\bcafé regulars\b", re.I)])
    assert gates.may_match("I’M THE ONE WHO wrote that") == [True, False]
    assert gates.may_match("I'm the one who wrote that") == [False, False]  # the ASCII apostrophe is another string
    assert gates.may_match("the CAFÉ REGULARS know") == [False, True]
