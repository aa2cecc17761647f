"""Build training/corpus/generated.jsonl: labelled news-blog comments composed from hand-written fragments.

The hand-written comments (training/corpus/<category>.jsonl, one file per category) are the corpus's
core; this script composes more from the small fragments in training/fragments/ (data files, one
fragment a line). Every kind of comment (insult, name change, the hard
negatives, plain talk) goes through the same composer with the same topic sentences, openers, closers,
orderings and surface noise, so that only the label-bearing fragment tells the kinds apart and a
classifier cannot learn the template instead of the label. Seeded: the output is byte-for-byte stable.

    python training/build_corpus.py            # rewrite generated.jsonl
    python training/build_corpus.py --check    # also print the hand-written/generated cross-check AUCs
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from random import Random

SEED = 20261122
TRAINING = Path(__file__).resolve().parent
CORPUS = TRAINING / "corpus"
FRAGMENTS = TRAINING / "fragments"
GENERATED = CORPUS / "generated.jsonl"
MAX_WORDS = 120

# How many comments of each kind to generate, and their labels (insult, username_change).
KIND_COUNTS = {
    "insult": 900,
    "insult_and_username_change": 55,
    "username_change": 330,
    "insult_hard_negative": 660,
    "name_hard_negative": 520,
    "neutral": 1200,
}
KIND_LABELS = {
    "insult": (1, 0),
    "insult_and_username_change": (1, 1),
    "username_change": (0, 1),
    "insult_hard_negative": (0, 0),
    "name_hard_negative": (0, 0),
    "neutral": (0, 0),
}
# The hand-written files, one per category (the file name without .jsonl), and the kind each belongs to;
# the kind fixes the labels. training/corpus/README.md gives each category's labelling rules.
CATEGORY_KINDS = {
    "insult": "insult",
    "insult_sarcastic": "insult",
    "insult_at_thread": "insult",
    "insult_obfuscated": "insult",
    "insult_threat": "insult",
    "insult_late": "insult",
    "insult_third_person": "insult",
    "insult_and_username_change": "insult_and_username_change",
    "username_change": "username_change",
    "insult_hard_negative": "insult_hard_negative",
    "hard_negative_disagreement": "insult_hard_negative",
    "hard_negative_banter": "insult_hard_negative",
    "hard_negative_absent": "insult_hard_negative",
    "hard_negative_quoted": "insult_hard_negative",
    "name_hard_negative": "name_hard_negative",
    "neutral": "neutral",
}
CLEAN_INSULT_SHARE = 0.22  # share of generated insults written with no profanity at all
REPLY_SHARE = 0.3  # share of comments with one reply to another commenter (REPLY_SENTENCES) among their sentences
# Share of comments (every kind alike) given a second, label-free fragment: an insult hard negative or a
# name hard negative, which changes no label wherever it goes. 0: none (docs/benchmarks.md, issue 13
# "the generator's variety": at 0.3 and 0.5 not shown better).
COMPANION_SHARE = 0.0

# What counts as profanity when we say an insult has "no profanity" (README counts use this too).
PROFANITY = re.compile(
    r"\b(fuck\w*|f\*+k|motherfuck\w*|\w*shit\w*|sh\*t|(dumb|jack|smart|fat|lard|kick|bad)?ass(hole|holes|hat|hats|es)?"
    r"|arse(hole|holes)?|dick\w*|prick\w*|bitch\w*|bastard\w*|damn\w*|goddamn\w*|hell|crap\w*|piss\w*|wank\w*|twat\w*"
    r"|cunt\w*|bollocks|bloody|douche\w*|stfu|gtfo|wtf|fukin|fking|frickin)\b",
    re.IGNORECASE,
)


def fragment(name: str):
    """A fragment file of training/fragments/: a .txt is one fragment a line, a .json a table of them."""
    text = (FRAGMENTS / name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        return json.loads(text)
    return [line for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------------
# Topics: context sentences that carry no label, plus the things, public figures and absent groups
# that the label fragments refer to, so that a comment stays on one subject.
# ---------------------------------------------------------------------------------------------------

TOPICS = fragment("topics.json")

NON_NATIVE_SENTENCES = fragment("non_native_sentences.txt")

CONVERSATIONAL_SENTENCES = fragment("conversational_sentences.txt")

REPLY_SENTENCES = fragment("reply_sentences.txt")

OPENERS = fragment("openers.txt")
CLOSERS = fragment("closers.txt")

FIRST_NAMES = fragment("first_names.txt")
HANDLE_WORDS = fragment("handle_words.txt")
PLACES = fragment("places.txt")


def random_handle(rng: Random) -> str:
    """A made-up screen name in one of the shapes people use (no dots or @, so nothing looks like an e-mail)."""
    first, word, word2 = rng.choice(FIRST_NAMES), rng.choice(HANDLE_WORDS), rng.choice(HANDLE_WORDS)
    shape = rng.randrange(9)
    if shape == 0:
        return f"{first}{rng.randint(2, 999)}"
    if shape == 1:
        return f"{word}{word2}"
    if shape == 2:
        return f"{word.lower()}_{word2.lower()}"
    if shape == 3:
        return f"{first}_in_the_{rng.choice(PLACES).replace(' ', '')}"
    if shape == 4:
        return f"{word}{rng.randint(1, 99)}"
    if shape == 5:
        return f"The{word}{word2}"
    if shape == 6:
        return f"{first}{rng.choice(['B', 'K', 'M', 'T', 'W', 'R'])}"
    if shape == 7:
        return f"{word}{first}"
    return f"{first.lower()}_{rng.randint(60, 99)}"


# ---------------------------------------------------------------------------------------------------
# Label-bearing fragments. Slots: {noun} {adj} (insult words, clean or profane by kind), {name} (a
# participant addressed by first name), {u1} {u2} (screen names), {thing} {figure} {group} (from the
# topic), {ordinal}, {n}.
# ---------------------------------------------------------------------------------------------------

CLEAN_NOUNS = fragment("clean_nouns.txt")
CLEAN_ADJECTIVES = fragment("clean_adjectives.txt")
PREDICATIVE_ADJECTIVES = fragment("predicative_adjectives.txt")
PROFANE_NOUNS = fragment("profane_nouns.txt")
PROFANE_ADJECTIVES = fragment("profane_adjectives.txt")
MISSPELLED_NOUNS = fragment("misspelled_nouns.json")

INSULTS = fragment("insults.txt")
PROFANE_INSULTS = fragment("profane_insults.txt")
OBJECTS = fragment("objects.txt")
PERIODS = fragment("periods.txt")

USERNAME_CHANGES = fragment("username_changes.txt")
INSULTING_CALLOUTS = fragment("insulting_callouts.txt")

PUBLIC_FIGURE_INSULTS = fragment("public_figure_insults.txt")
GROUP_INSULTS = fragment("group_insults.txt")
UNAIMED_PROFANITY = fragment("unaimed_profanity.txt")
QUOTED_INSULTS = fragment("quoted_insults.txt")
SELF_DEPRECATION = fragment("self_deprecation.txt")
POLITE_DISAGREEMENT = fragment("polite_disagreement.txt")

NAME_NEGATIVES = fragment("name_negatives.txt")

RELATIVES = fragment("relatives.txt")
EVENTS = fragment("events.txt")
ORDINALS = fragment("ordinals.txt")


class _Slots(dict):
    """Fills a fragment's {slots}, choosing each value once per comment so repeated slots agree."""

    def __init__(self, rng: Random, topic: dict[str, list[str]], profane: bool) -> None:
        super().__init__()
        self.rng, self.topic, self.profane = rng, topic, profane

    def __missing__(self, key: str) -> str:
        rng = self.rng
        choosers: dict[str, Callable[[], str]] = {
            "noun": lambda: rng.choice(PROFANE_NOUNS if self.profane and rng.random() < 0.7 else CLEAN_NOUNS),
            "nouns": lambda: plural(rng.choice(PROFANE_NOUNS if self.profane and rng.random() < 0.7 else CLEAN_NOUNS)),
            "adj": lambda: rng.choice(PROFANE_ADJECTIVES if self.profane and rng.random() < 0.6 else CLEAN_ADJECTIVES),
            "badj": lambda: rng.choice(PREDICATIVE_ADJECTIVES),
            "cadj": lambda: rng.choice(["stupid", "dumb", "slow", "thick", "dense", "clueless", "silly"]),
            "padj": lambda: rng.choice(["fucking", "damn", "goddamn", "bloody", "stupid", "ridiculous"]),
            "name": lambda: rng.choice(FIRST_NAMES),
            "u1": lambda: random_handle(rng),
            "u2": lambda: random_handle(rng),
            "thing": lambda: rng.choice(self.topic["things"]),
            "figure": lambda: rng.choice(self.topic["figures"]),
            "group": lambda: rng.choice(self.topic["groups"]),
            "object": lambda: rng.choice(OBJECTS),
            "objects": lambda: plural(rng.choice(OBJECTS)),
            "period": lambda: rng.choice(PERIODS),
            "relative": lambda: rng.choice(RELATIVES),
            "event": lambda: rng.choice(EVENTS),
            "ordinal": lambda: rng.choice(ORDINALS),
            "n": lambda: rng.choice(["three", "four", "five", "3", "4", "6"]),
        }
        value = choosers[key]()
        if key == "u2" and value == self.get("u1"):
            value += "2"
        if key in ("noun", "adj") and value in MISSPELLED_NOUNS and rng.random() < 0.12:
            value = rng.choice(MISSPELLED_NOUNS[value])
        self[key] = value
        return value


# Nouns whose plural is the word itself ("shit-for-brains", "sheep") or irregular.
_SAME_PLURAL = ("brains", "sheep", "fish", "pants", "news", "series")
_IRREGULAR_PLURALS = {"man": "men", "woman": "women", "child": "children", "person": "people", "potato": "potatoes"}


def plural(noun: str) -> str:
    """The plural of an insult noun or noun phrase ("dumbass" -> "dumbasses", "shit-for-brains" unchanged)."""
    if " of " in noun:  # "piece of shit" -> "pieces of shit"
        head, _, tail = noun.partition(" of ")
        return plural(head) + " of " + tail
    head, _, last = noun.rpartition(" ")
    prefix = head + " " if head else ""
    lower = last.lower()
    for word, many in _IRREGULAR_PLURALS.items():
        if lower == word or lower.endswith("-" + word):
            return prefix + last[: len(last) - len(word)] + many
    if lower.endswith(_SAME_PLURAL):
        return noun
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return prefix + last + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return prefix + last[:-1] + "ies"
    return prefix + last + "s"


_VOWEL_WORD = re.compile(r"\b([Aa]) (?=([a-zA-Z]+))")


def _fix_articles(text: str) -> str:
    """'a idiot' -> 'an idiot' after slot filling; 'useless'/'union' keep 'a'."""

    def article(match: re.Match[str]) -> str:
        word = match.group(2).lower()
        vowel = word[0] in "aeio" or word.startswith(("utter", "un", "ug", "ignor", "imb"))
        if word.startswith(("uni", "use", "eu", "one")):
            vowel = False
        return (match.group(1) + "n ") if vowel else match.group(0)

    return _VOWEL_WORD.sub(article, text)


def _core(kind: str, rng: Random, topic: dict[str, list[str]], profane: bool) -> str:
    """The one fragment that carries the comment's labels."""
    if kind == "insult":
        pool = PROFANE_INSULTS if profane and rng.random() < 0.55 else INSULTS
    elif kind == "insult_and_username_change":
        pool = INSULTING_CALLOUTS
    elif kind == "username_change":
        pool = USERNAME_CHANGES
    elif kind == "name_hard_negative":
        pool = NAME_NEGATIVES
    else:  # insult_hard_negative
        pool = rng.choices(
            [
                PUBLIC_FIGURE_INSULTS,
                GROUP_INSULTS,
                UNAIMED_PROFANITY,
                QUOTED_INSULTS,
                SELF_DEPRECATION,
                POLITE_DISAGREEMENT,
            ],
            weights=[22, 16, 22, 16, 12, 12],
        )[0]
    for _ in range(20):
        fragment = _fix_articles(rng.choice(pool).format_map(_Slots(rng, topic, profane)))
        # Insults are made clean or profane on purpose (the README reports the share): keep trying until
        # the fragment is what was asked for. Other kinds take what comes.
        if kind not in ("insult", "insult_and_username_change") or bool(PROFANITY.search(fragment)) == profane:
            break
    return fragment


def _sentence_case(text: str, rng: Random) -> str:
    if text and text[0].islower() and rng.random() < 0.8:
        text = text[0].upper() + text[1:]
    if text and text[-1].isalnum() and rng.random() < 0.75:
        text += rng.choice([".", ".", ".", "!", "!!", "?!", "..."])
    return text


def _typo(word: str, rng: Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    how = rng.randrange(3)
    if how == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _surface_noise(text: str, rng: Random) -> str:
    """Casual-writing noise, applied the same way to every kind of comment."""
    if rng.random() < 0.14:
        words = text.split(" ")
        for _ in range(rng.randint(1, 2)):
            j = rng.randrange(len(words))
            words[j] = _typo(words[j], rng)
        text = " ".join(words)
    if rng.random() < 0.06:
        text = re.sub(r"\byou are\b", "u r", text, flags=re.IGNORECASE)
        text = re.sub(r"\b(you're|your)\b", "ur", text, flags=re.IGNORECASE)
        text = re.sub(r"\byou\b", "u", text, flags=re.IGNORECASE)
    if rng.random() < 0.10:
        text = text.replace("'", "")
    if rng.random() < 0.12:
        text = re.sub(r"[.,;:](?=\s|$)", "", text)
    roll = rng.random()
    if roll < 0.16:
        text = text.lower()
    elif roll < 0.21 and len(text.split()) <= 30:
        text = text.upper()
    return text.strip()


def _companion(rng: Random, topic: dict[str, list[str]]) -> str:
    """A fragment that carries neither label (an insult or a name hard negative), for a comment of any kind."""
    kind = "name_hard_negative" if rng.random() < 0.3 else "insult_hard_negative"
    return _core(kind, rng, topic, profane=rng.random() >= CLEAN_INSULT_SHARE)


def compose(kind: str, rng: Random, mask_core: bool = False, companion_share: float = COMPANION_SHARE) -> str:
    """One comment of this kind: the label fragment among 0-8 topic sentences, maybe an opener and a closer.

    Neutral comments get a fragment too (a question or remark, or one more topic sentence), so that
    every kind has the same shape. With mask_core the fragment is replaced by a placeholder word: what
    is left is the frame alone, which `frame_check` shows carries no label.
    """
    topic = TOPICS[rng.choice(sorted(TOPICS))]
    # Hard negatives get profane insult words as often as insults do, so a profane word alone is no label.
    profane = kind in ("insult", "insult_and_username_change", "insult_hard_negative") and (
        rng.random() >= CLEAN_INSULT_SHARE
    )
    n_context = rng.choices(range(9), weights=[24, 28, 20, 12, 7, 4, 2, 2, 1])[0]
    context = rng.sample(topic["sentences"], k=min(n_context + 1, len(topic["sentences"])))
    spare_sentence = context.pop()
    if rng.random() < 0.06:
        context.insert(rng.randint(0, len(context)), rng.choice(NON_NATIVE_SENTENCES))
    # Some context sentences are plain talk instead of topic sentences; the length stays as it was.
    context = [rng.choice(CONVERSATIONAL_SENTENCES) if rng.random() < 0.35 else sentence for sentence in context]
    if rng.random() < REPLY_SHARE:  # a word to another commenter, at every label alike
        reply = _fix_articles(rng.choice(REPLY_SENTENCES).format_map(_Slots(rng, topic, profane=False)))
        if context:
            context[rng.randrange(len(context))] = reply
        else:
            context.append(reply)
    if kind == "neutral":
        core = _neutral_extra(rng, topic) if rng.random() < 0.55 else spare_sentence
    else:
        core = _core(kind, rng, topic, profane)
    if companion_share and rng.random() < companion_share:  # no draw at 0: the default output stays as it was
        context.insert(rng.randint(0, len(context)), _companion(rng, topic))
    while context and len(" ".join([*context, core]).split()) > MAX_WORDS - 8:
        context.pop()
    if mask_core:
        core = "xxxx"
    parts = list(context)
    signs_off = core.startswith(("--", "- ", "(", "cheers", "signed"))
    where = len(parts) if signs_off else rng.choice([0, 0, len(parts), rng.randint(0, len(parts))])
    parts.insert(where, core)
    parts = [_sentence_case(p, rng) for p in parts]
    if rng.random() < 0.22:
        opener = rng.choice(OPENERS)
        if opener.endswith(",") and parts[0][:1].isupper() and not parts[0].startswith(("I ", "I'")):
            parts[0] = parts[0][0].lower() + parts[0][1:]
        parts[0] = opener + " " + parts[0]
    if rng.random() < 0.18:
        parts.append(rng.choice(CLOSERS))
    if rng.random() < 0.08:
        parts.insert(0, "@" + random_handle(rng))
    return _surface_noise(_join(parts, rng), rng)


NEUTRAL_EXTRAS = fragment("neutral_extras.txt")


def _neutral_extra(rng: Random, topic: dict[str, list[str]]) -> str:
    return _fix_articles(rng.choice(NEUTRAL_EXTRAS).format_map(_Slots(rng, topic, profane=False)))


def _join(parts: list[str], rng: Random) -> str:
    out = parts[0]
    for part in parts[1:]:
        out += rng.choices([" ", "\n\n", "\n", " ... ", " - ", "  "], weights=[72, 10, 6, 5, 4, 3])[0] + part
    return out


def normalized(text: str) -> str:
    """The form duplicates are judged by: case, punctuation and spacing do not make a new comment."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def handwritten_files() -> list[Path]:
    """The hand-written category files, in CATEGORY_KINDS order (those that exist)."""
    return [CORPUS / f"{category}.jsonl" for category in CATEGORY_KINDS if (CORPUS / f"{category}.jsonl").exists()]


def read_handwritten() -> list[dict]:
    return [record for path in handwritten_files() for record in read_jsonl(path)]


def generate(
    handwritten: list[dict], seed: int = SEED, scale: float = 1.0, companion_share: float = COMPANION_SHARE
) -> list[dict]:
    """All generated records, in a fixed order; none repeats a hand-written text or another record.

    `seed`, `scale` (times KIND_COUNTS) and `companion_share` are there to measure other draws of the same
    generator (benchmarks/generator_variety.py); the committed file is the defaults'."""
    rng = Random(seed)
    seen = {normalized(r["text"]) for r in handwritten}
    records = []
    for kind, count in ((kind, round(count * scale)) for kind, count in KIND_COUNTS.items()):
        made = attempts = 0
        while made < count:
            attempts += 1
            if attempts > count * 50:
                raise RuntimeError(f"cannot make {count} distinct {kind} comments")
            text = compose(kind, rng, companion_share=companion_share)
            key = normalized(text)
            if key in seen or len(key.split()) < 2:
                continue
            seen.add(key)
            insult, username_change = KIND_LABELS[kind]
            records.append(
                {
                    "text": text,
                    "labels": {"insult": insult, "username_change": username_change},
                    "source": f"generated:{kind}",
                }
            )
            made += 1
    Random(seed).shuffle(records)
    return records


def dumps(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _tfidf_auc(train: list[dict], test: list[dict]) -> dict[str, float]:
    """ROC AUC per label of a word (1-2) + char (2-5) TF-IDF logistic regression fitted on train."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    train_texts, test_texts = [r["text"] for r in train], [r["text"] for r in test]
    x_train = hstack([words.fit_transform(train_texts), chars.fit_transform(train_texts)]).tocsr()
    x_test = hstack([words.transform(test_texts), chars.transform(test_texts)]).tocsr()
    aucs = {}
    for label in ("insult", "username_change"):
        model = LogisticRegression(C=4.0, solver="liblinear", class_weight="balanced")
        model.fit(x_train, [r["labels"][label] for r in train])
        scores = model.predict_proba(x_test)[:, 1]
        aucs[label] = round(float(roc_auc_score([r["labels"][label] for r in test], scores)), 4)
    return aucs


def cross_check() -> dict[str, dict[str, float]]:
    """Does what a classifier learns from one part carry over to the other? Train on one, score the other."""
    handwritten, generated = read_handwritten(), read_jsonl(GENERATED)
    return {
        "train handwritten -> test generated": _tfidf_auc(handwritten, generated),
        "train generated -> test handwritten": _tfidf_auc(generated, handwritten),
    }


def frame_check(share: float = 1.0) -> dict[str, float]:
    """AUC of the same classifier on generated comments whose label fragment is masked (train half, test half).

    Near 0.5 means the frame (topic sentences, openers, closers, order, length, noise) says nothing
    about the label, so a model trained on the corpus cannot learn the template instead of the label.
    """
    rng = Random(SEED + 1)
    records = []
    for kind, count in KIND_COUNTS.items():
        insult, username_change = KIND_LABELS[kind]
        for _ in range(round(count * share)):
            records.append(
                {
                    "text": compose(kind, rng, mask_core=True),
                    "labels": {"insult": insult, "username_change": username_change},
                }
            )
    rng.shuffle(records)
    half = len(records) // 2
    return _tfidf_auc(records[:half], records[half:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="also print the cross-check and frame-check AUCs")
    args = parser.parse_args(argv)
    records = generate(read_handwritten())
    GENERATED.write_text(dumps(records), encoding="utf-8")
    print(f"wrote {len(records)} comments to {GENERATED}")
    if args.check:
        for split, aucs in cross_check().items():
            print(split, json.dumps(aucs))
        print("frame only (label fragment masked), train half -> test half", json.dumps(frame_check()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
