"""The classifier tests probe with sentences the model never trained on.

A probe copied from the training corpus (training/corpus/*.jsonl, generated.jsonl included) tests
memory, not the model: it passes however badly the model reads a new comment. Every string in
tests/test_classify*.py is cut into clauses, and no clause of four words or more may be one of the
corpus's clauses (compared by words, case and punctuation aside).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from moderation.classify.default_model import corpus_files

TESTS = Path(__file__).resolve().parent
# Shorter clauses ("thank you so", "you idiot") are common words, not someone's sentence.
MIN_CLAUSE_WORDS = 4
_CLAUSE_END = re.compile(r"[.!?,;:\n]+")
_WORD = re.compile(r"[^\W_]+")


def clauses(text: str) -> set[str]:
    """The text's clauses of MIN_CLAUSE_WORDS words or more, as lowercase words joined by spaces."""
    found = set()
    for part in _CLAUSE_END.split(text):
        words = _WORD.findall(part.lower())
        if len(words) >= MIN_CLAUSE_WORDS:
            found.add(" ".join(words))
    return found


def string_constants(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a test file (f-strings' fixed parts too), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


@pytest.fixture(scope="module")
def corpus_clauses() -> set[str]:
    found: set[str] = set()
    for path in corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found |= clauses(json.loads(line)["text"])
    return found


def test_no_classifier_test_probes_with_a_sentence_of_the_corpus(corpus_clauses):
    probe_files = sorted(TESTS.glob("test_classify*.py"))
    assert len(probe_files) > 3
    reused = [
        f"{path.name}:{line}: {clause!r}"
        for path in probe_files
        for line, text in string_constants(path)
        for clause in clauses(text) & corpus_clauses
    ]
    assert not reused, "probes taken from the training corpus:\n" + "\n".join(reused)


def test_the_check_finds_a_corpus_sentence_however_it_is_cased_or_punctuated(corpus_clauses):
    first = json.loads(corpus_files()[0].read_text(encoding="utf-8").splitlines()[0])["text"]
    sentence = max(clauses(first), key=len)
    assert clauses(f"Well!! {sentence.upper()} ...") & corpus_clauses
    assert not clauses("The tram depot repaints its carriages every spring.") & corpus_clauses
