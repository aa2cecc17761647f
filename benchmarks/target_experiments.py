"""Issue 13: whom an insult word is aimed at, tried on the default model (insult only).

Run from the project root:  .venv/bin/python benchmarks/target_experiments.py [--only NAME] [--save DIR]

Kaggle's non-insults score high when they swear at people who are not in the thread (politicians,
companies, "those people"), and blog threads' insults score low when they name a participant in the
third person ("OP is a shill", "look at this clown"). Each insult word (the package's list plus the
words alt-profanity-check weighs at least LEXICON_WEIGHT) is given the person-reference nearest before
it in its clause (after it when none comes before): a second-person word, a participant named in the
third person (OP, the poster, this guy, @name), or a third party (he/she/they, an office or an
institution). Candidate columns (0/1 per kind) are defined here so that losing variants leave no
package code; the default model's featurizer is fitted on our corpus once, the logistic regression
refitted per variant, and train.csv (development) and the labelled threads (kinds only) scored, each
paired with the base by a bootstrap over the rows. Never reads test_with_solutions.csv.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from column_variants import fit_variant, print_and_save
from default_model_real import thread_comments
from kaggle_train import load_train

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from moderation.classify import absent_targets, text_features  # noqa: E402
from moderation.classify.absent_targets import _PRONOUNS, ABSENT_TARGETS  # noqa: E402
from moderation.classify.default_model import corpus_files, default_settings  # noqa: E402
from moderation.classify.pipeline import build_featurizer  # noqa: E402
from moderation.classify.profanity_lexicon import word_weights  # noqa: E402
from moderation.datasets import load_many  # noqa: E402

RESAMPLES = 300
LEXICON_WEIGHT = 2.0  # alt-profanity-check weights above this mark a word as abusive (148 words)
SECOND = set(text_features._TARGETED_ADDRESSEES)
# Participants named in the third person (our own list).
PARTICIPANT_PHRASES = [
    "op", "the op", "this guy", "this clown", "this poster", "the poster", "the commenter", "this commenter",
    "the commenters", "the author", "the writer", "this writer", "the reporter", "this reporter",
    "the columnist", "the mods", "mods", "moderators", "the moderators", "whoever wrote this",
    "the person above", "the guy above", "the poster above", "look at this", "this one", "this genius",
    "this person", "the previous poster", "the last poster", "commenters", "the commenters here",
]  # fmt: skip
# Third parties: pronouns, offices, institutions, absent groups (the shipped block's own lists).
PRONOUNS = set(_PRONOUNS)
THIRD_WORDS = set(ABSENT_TARGETS) | PRONOUNS
_WORD = re.compile(r"@\w+|[a-z']+|\^")
_TERMINATORS = re.compile(r"[.!?;\n]+")


def insult_words() -> set[str]:
    weights = word_weights()
    return set(text_features.MORE_NEGATIVE_WORDS) | {w for w, v in weights.items() if v >= LEXICON_WEIGHT}


def reference_kind(tokens: list[str], index: int) -> str | None:
    """The person-reference kind of the token at `index` (a phrase may end there), or None."""
    token = tokens[index]
    if token in SECOND:
        return "you"
    if token.startswith("@") or token == "^":
        return "at_name"
    for phrase in PARTICIPANT_PHRASES:
        words = phrase.split()
        if index + 1 >= len(words) and tokens[index + 1 - len(words) : index + 1] == words:
            return "participant"
    if token in PRONOUNS:
        return "pronoun"
    if token in THIRD_WORDS:
        return "third"
    return None


def aimed_kinds(text: str, insults: set[str]) -> dict[str, float]:
    """Per kind (you, participant, third, none): 1 when some insult word is aimed that way."""
    found = dict.fromkeys(("you", "participant", "at_name", "pronoun", "third", "none"), 0.0)
    for clause in _TERMINATORS.split(text.lower()):
        tokens = _WORD.findall(clause)
        kinds = [reference_kind(tokens, i) for i in range(len(tokens))]
        for index, token in enumerate(tokens):
            if token not in insults:
                continue
            before = [k for k in kinds[:index] if k]
            after = [k for k in kinds[index + 1 :] if k]
            kind = before[-1] if before else (after[0] if after else "none")
            found[kind] = 1.0
    return found


# More third parties, tried beside the package's ABSENT_TARGETS: people in one's own life, offenders in
# the news, royals and officials, "those"/"these" before a group (our own list).
MORE_ABSENT_TARGETS = set(
    """
    mp mps cabinet minister's regime dictator king queen prince royals pope clergy army generals
    authorities agency department feds union unions thieves burglars robbers criminals scammers hackers
    rioters vandals drivers cyclists tourists neighbour neighbours neighbor neighbors landlord boss
    ex husband wife brother sister mum dad uncle cousin coworker colleague colleagues those these
    bankers umpire pundit pundits columnist journalists influencer influencers billionaire billionaires
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def package_column(texts: list[str], targets: frozenset[str] | None = None) -> np.ndarray:
    """The package's AbsentTargeting column, with another target list when given (the cue is rebuilt)."""
    saved = absent_targets.ABSENT_TARGETS
    try:
        if targets is not None:
            absent_targets.ABSENT_TARGETS = targets
        absent_targets._cues.clear()
        return absent_targets.AbsentTargeting().fit(texts).transform(texts).toarray()[:, 0]
    finally:
        absent_targets.ABSENT_TARGETS = saved
        absent_targets._cues.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only variants whose name contains this")
    parser.add_argument("--save", type=Path, help="save each variant's train.csv and thread scores here (.npy)")
    arguments = parser.parse_args()
    examples = [e for e in load_many(corpus_files()) if "insult" in e.labels]
    corpus_texts = [e.text for e in examples]
    corpus_targets = np.array([e.labels["insult"] for e in examples])
    kaggle_texts, kaggle_targets = load_train()
    thread_texts, thread_targets = thread_comments()
    parts = {"corpus": corpus_texts, "kaggle": kaggle_texts, "threads": thread_texts}
    targets = {"corpus": corpus_targets, "kaggle": kaggle_targets, "threads": thread_targets}
    featurizer = build_featurizer(default_settings()).fit(corpus_texts)
    base = {name: featurizer.transform(texts) for name, texts in parts.items()}
    insults = insult_words()
    extra = {}
    for name, texts in parts.items():
        rows = [aimed_kinds(t, insults) for t in texts]
        extra[name] = {kind: np.array([r[kind] for r in rows]) for kind in rows[0]}
        for kind, values in extra[name].items():
            hits = values > 0
            print(f"{name:8s} {kind:12s} hits {hits.sum():5d} insult share {targets[name][hits].mean():.2f}")
        extra[name]["package"] = package_column(texts)
        extra[name]["package more"] = package_column(texts, absent_targets.ABSENT_TARGETS | MORE_ABSENT_TARGETS)
        for kind in ("package", "package more"):
            hits = extra[name][kind] > 0
            print(f"{name:8s} {kind:12s} hits {hits.sum():5d} insult share {targets[name][hits].mean():.2f}")

    def columns(*kinds: str):
        return lambda name: np.column_stack([extra[name][k] for k in kinds])

    variants = {
        "base": None,
        "package": columns("package"),
        "package more": columns("package more"),
        "package+you": columns("package", "you"),
        "third": columns("third"),
        "pronoun": columns("pronoun"),
        "at_name": columns("at_name"),
        "third+pronoun": columns("third", "pronoun"),
        "third+you": columns("third", "you"),
        "participant": columns("participant"),
        "you": columns("you"),
        "none": columns("none"),
        "third+participant": columns("third", "participant"),
        "third+participant+you": columns("third", "participant", "you"),
        "all four": columns("third", "participant", "you", "none"),
    }
    scores: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, make in variants.items():
        if arguments.only and arguments.only not in name and name != "base":
            continue
        kaggle, threads, weights = fit_variant(base, make, corpus_targets, default_settings().regularization)
        scores[name] = (kaggle, threads)
        print_and_save(
            name,
            24,
            (kaggle_targets, thread_targets),
            scores[name],
            scores["base"],
            weights,
            RESAMPLES,
            save=arguments.save,
        )


if __name__ == "__main__":
    main()
