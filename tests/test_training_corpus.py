"""The shipped training corpus is valid, big enough per label, private, varied, and reproducible from its generator."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

TRAINING = Path(__file__).resolve().parent.parent / "training"
CORPUS = TRAINING / "corpus"
LABELS = ("insult", "username_change")
KINDS = (
    "insult",
    "insult_and_username_change",
    "username_change",
    "insult_hard_negative",
    "name_hard_negative",
    "neutral",
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
IPV4 = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")
IPV6 = re.compile(r"\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b", re.IGNORECASE)


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, TRAINING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_benchmark(name: str):
    """A script of benchmarks/ (it imports its neighbours, so that folder goes on the path)."""
    import sys

    benchmarks = TRAINING.parent / "benchmarks"
    sys.path.insert(0, str(benchmarks))
    try:
        spec = importlib.util.spec_from_file_location(name, benchmarks / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(benchmarks))
    return module


def _load_builder():
    return _load("build_corpus")


builder = _load_builder()
shape = _load("corpus_shape")

# The corpus's near-duplicate rate (share of comments with a near duplicate, training/corpus_shape.py) may
# not exceed this. Measured 0.055 before the hand-written categories came in (all of it in the generated
# part: comments that share most topic sentences), 0.036 with them; the limit keeps it near there.
MAX_NEAR_DUPLICATE_RATE = 0.045
# Hand-written comments alone are held tighter: they are written one at a time (measured 0.0065, short
# comments such as two-word insults that share half their words).
MAX_HANDWRITTEN_NEAR_DUPLICATE_RATE = 0.01


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def records() -> list[dict]:
    rows = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        rows += [json.loads(line) | {"_file": path.name} for line in _lines(path)]
    return rows


def test_corpus_files_are_one_per_category_and_the_generated_part():
    expected = sorted([f"{category}.jsonl" for category in builder.CATEGORY_KINDS] + ["generated.jsonl"])
    assert sorted(p.name for p in CORPUS.glob("*.jsonl")) == expected


def test_every_category_is_present_and_described_in_the_readme():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for category in builder.CATEGORY_KINDS:
        assert len(_lines(CORPUS / f"{category}.jsonl")) >= 25, category
        assert f"`{category}.jsonl`" in readme, f"{category} has no labelling rules in training/corpus/README.md"


@pytest.mark.parametrize("name", [f"{category}.jsonl" for category in builder.CATEGORY_KINDS] + ["generated.jsonl"])
def test_every_line_is_one_well_formed_record(name):
    for number, line in enumerate(_lines(CORPUS / name), start=1):
        record = json.loads(line)
        assert set(record) == {"text", "labels", "source"}, f"{name}:{number}"
        assert isinstance(record["text"], str) and record["text"] == record["text"].strip() and record["text"]
        assert set(record["labels"]) == set(LABELS), f"{name}:{number}"
        for label in LABELS:
            value = record["labels"][label]
            assert type(value) is int and value in (0, 1), f"{name}:{number} {label}={value!r}"
        origin, category = record["source"].split(":")
        if name == "generated.jsonl":
            assert origin == "generated" and category in KINDS, f"{name}:{number}"
        else:
            assert (origin, category) == ("handwritten", name.removesuffix(".jsonl")), f"{name}:{number}"
        expected = builder.KIND_LABELS[builder.CATEGORY_KINDS[category]]
        assert (record["labels"]["insult"], record["labels"]["username_change"]) == expected, f"{name}:{number}"


def test_no_duplicate_texts_even_ignoring_case_and_punctuation(records):
    counts = Counter(builder.normalized(r["text"]) for r in records)
    assert [text for text, n in counts.items() if n > 1] == []


def test_each_label_has_enough_positives_and_hard_negatives(records):
    assert len(records) >= 4000
    insults = [r for r in records if r["labels"]["insult"]]
    assert len(insults) >= 1100
    assert sum(r["labels"]["username_change"] for r in records) >= 450
    assert sum(r["labels"]["insult"] and r["labels"]["username_change"] for r in records) >= 50
    kinds = Counter(builder.CATEGORY_KINDS[r["source"].split(":")[1]] for r in records)
    assert kinds["insult_hard_negative"] >= 750
    assert kinds["name_hard_negative"] >= 380
    clean = [r for r in insults if not builder.PROFANITY.search(r["text"])]
    assert len(clean) >= len(insults) / 3, "a third of the insults carry no profanity"
    profane_negatives = [r for r in records if not r["labels"]["insult"] and builder.PROFANITY.search(r["text"])]
    assert len(profane_negatives) >= 250, "profanity alone must not decide the insult label"


def test_at_least_1500_comments_are_written_by_hand(records):
    assert sum(r["source"].startswith("handwritten:") for r in records) >= 1500


def test_near_duplicates_stay_below_the_set_rate(records):
    texts = [r["text"] for r in records]
    assert shape.near_duplicate_rate(texts) <= MAX_NEAR_DUPLICATE_RATE
    handwritten = [r["text"] for r in records if r["source"].startswith("handwritten:")]
    assert shape.near_duplicate_rate(handwritten) <= MAX_HANDWRITTEN_NEAR_DUPLICATE_RATE


def test_near_duplicate_measure_finds_a_changed_copy_and_not_a_different_comment():
    first = "The council voted to close the library on Sundays, which is a shame for the students."
    copy = "The council voted to close the library on Sundays, which is a real shame for students."
    other = "Great match on Saturday, the keeper saved two penalties and the crowd went wild."
    assert [(i, j) for i, j, _ in shape.near_duplicate_pairs([first, copy, other])] == [(0, 1)]


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("idiot", "idiots"),
        ("shit-for-brains", "shit-for-brains"),
        ("dumbass", "dumbasses"),
        ("piece of shit", "pieces of shit"),
        ("crybaby", "crybabies"),
        ("potato", "potatoes"),
        ("goldfish", "goldfish"),
        ("cocky prick", "cocky pricks"),
    ],
)
def test_plural_of_insult_nouns(noun, expected):
    assert builder.plural(noun) == expected


def test_no_broken_inflection_or_unfilled_slot_in_any_text(records):
    """No noun of the generator's lists doubled into a wrong plural ("shit-for-brainss"), no {slot} left."""
    nouns = builder.CLEAN_NOUNS + builder.PROFANE_NOUNS + builder.OBJECTS
    wrong = {noun + "s" for noun in nouns if builder.plural(noun) != noun + "s"}
    wrong |= {noun + "es" for noun in nouns if builder.plural(noun) == noun}
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(wrong, key=len, reverse=True)) + r")\b", re.I)
    assert [r["text"] for r in records if pattern.search(r["text"])] == []
    assert [r["text"] for r in records if re.search(r"\{[a-z0-9]+\}", r["text"])] == []


def test_no_email_address_or_ip_address_in_any_text(records):
    leaks = [r["text"] for r in records if EMAIL.search(r["text"]) or IPV4.search(r["text"]) or IPV6.search(r["text"])]
    assert leaks == []


def test_comments_stay_within_120_words(records):
    assert max(len(r["text"].split()) for r in records) <= 120


@pytest.mark.parametrize(
    ("phrase", "label", "value"),
    [
        ("changed my mind", "username_change", 0),
        ("name of the bill", "username_change", 0),
        ("name of the game", "username_change", 0),
        ("renamed the agency", "username_change", 0),
        ("what's in a name", "username_change", 0),
        ("new account of events", "username_change", 0),
        ("posting under your actual name", "username_change", 1),
        ("sock puppet of", "username_change", 1),
        ("called me a", "insult", 0),
        ("what is wrong with you", "insult", 1),
    ],
)
def test_phrases_the_label_definitions_name_carry_their_label(records, phrase, label, value):
    """Every comment holding one of the definition's own examples has the label the definition gives it."""
    holding = [r for r in records if phrase in r["text"].lower()]
    assert holding, f"no comment uses {phrase!r}"
    assert {r["labels"][label] for r in holding} == {value}


def test_generator_output_equals_the_committed_file():
    handwritten = builder.read_handwritten()
    expected = builder.dumps(builder.generate(handwritten))
    assert (CORPUS / "generated.jsonl").read_text(encoding="utf-8") == expected, (
        "generated.jsonl is stale: run `python training/build_corpus.py`"
    )


def test_other_draws_keep_each_kinds_share_and_labels():
    """Another seed, a scaled count or label-free companions (benchmarks/generator_variety.py) change the
    comments, not how many of each kind there are or the labels each kind carries."""
    handwritten = builder.read_handwritten()
    committed = {builder.normalized(r["text"]) for r in builder.generate(handwritten)}
    draw = builder.generate(handwritten, seed=7, scale=0.1, companion_share=0.5)
    counts: dict[str, int] = {}
    for record in draw:
        kind = record["source"].removeprefix("generated:")
        counts[kind] = counts.get(kind, 0) + 1
        assert tuple(record["labels"].values()) == builder.KIND_LABELS[kind]
    assert counts == {kind: round(n * 0.1) for kind, n in builder.KIND_COUNTS.items()}
    assert sum(builder.normalized(r["text"]) in committed for r in draw) < len(draw) // 10


def test_masking_the_label_fragment_hides_the_label():
    """The frame around the label fragment must not give the label away (see training/README.md)."""
    pytest.importorskip("sklearn")
    aucs = builder.frame_check(share=0.5)
    assert all(0.4 <= auc <= 0.6 for auc in aucs.values()), aucs


# The corpus knew 41% of the words that mark insults in Kaggle's train.csv before issue 13's round and
# 57% after it (benchmarks/corpus_realism.py); this keeps a corpus edit from quietly narrowing it again.
MIN_KAGGLE_INSULT_WORDS_KNOWN = 0.5


def test_corpus_knows_half_the_words_that_mark_real_insults(records, kaggle):
    """Computed from train.csv at run time; none of its words are kept in the project."""
    from moderation.datasets import load_examples

    realism = _load_benchmark("corpus_realism")
    examples = load_examples(kaggle / "train.csv")
    insult_words = realism.kaggle_insult_words([e.text for e in examples], [e.labels["insult"] for e in examples])
    known = shape.vocabulary(r["text"] for r in records)
    assert len(insult_words & known) / len(insult_words) >= MIN_KAGGLE_INSULT_WORDS_KNOWN


# No corpus line may share a sentence with the shared data it is judged on (training/corpus/README.md):
# a run of this many words in common is taken as a shared sentence (five-word runs are often everyday
# phrases; six words in the same order were, when checked, always a borrowed idiom or sentence).
SHARED_RUN_WORDS = 6


def _shared_word_runs(paths: list[Path]) -> set[str]:
    import html

    runs = set()
    for path in paths:
        raw = path.read_text(encoding="utf-8", errors="replace")
        text = html.unescape(html.unescape(re.sub(r"<[^>]+>", " ", raw))).replace("\\n", " ")
        tokens = shape.words(text.replace("\u2019", "'"))
        runs.update(" ".join(tokens[i : i + SHARED_RUN_WORDS]) for i in range(len(tokens) - SHARED_RUN_WORDS + 1))
    return runs


def test_no_corpus_line_shares_a_six_word_run_with_the_labelled_threads_or_seed_pages(records):
    """Read through the path at run time; nothing of the shared data is kept in the project."""
    from conftest import SEEDS, SHARED, require_shared

    threads = require_shared(SHARED / "data" / "labelled-threads")
    paths = [p for p in threads.iterdir() if p.is_file()] + [p for p in require_shared(SEEDS).iterdir() if p.is_file()]
    shared = _shared_word_runs(paths)
    borrowed = []
    for record in records:
        tokens = shape.words(record["text"].replace("\u2019", "'"))
        runs = {" ".join(tokens[i : i + SHARED_RUN_WORDS]) for i in range(len(tokens) - SHARED_RUN_WORDS + 1)}
        if runs & shared:
            borrowed.append((record["_file"], sorted(runs & shared)[0]))
    assert not borrowed, borrowed
