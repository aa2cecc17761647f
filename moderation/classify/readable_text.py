"""The text the classifier reads: hidden characters removed, compatibility letters folded.

An adversary hides an insult from the model with characters a reader never sees or reads past:
a zero-width space or soft hyphen inside the word, a bidi override, full-width or roman-numeral
letters, a ligature, combining marks stacked on the letters. Training and scoring both read comments
through `readable` (and only it), so "id<zero-width space>iot" has the n-grams of "idiot".

Ordinary text is returned as the same string: pure ASCII is never touched (the fast path), and a
non-ASCII character changes only when it is one of the kinds above. Punctuation compatibility forms
("…", "™") are left alone: folding them would change scores of ordinary text and hides no word.

`readable_with_origins` also gives, for each character read, the position of the character of the
original text it came from, so explanations name the word as the comment wrote it (`as_written`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

# The zero-width joiner and non-joiner are needed between letters of scripts that shape (Arabic,
# Persian, Indic) and in emoji sequences; inside a Latin word they only hide it.
_JOINERS = "\u200c\u200d"
# The implicit direction marks (LRM, RLM, ALM) are what right-to-left writers put beside numbers and
# punctuation in ordinary text (Kaggle's comments hold RLMs before "@" and line ends); only between two
# letters do they hide a word, so only there are they dropped. Every other format character (bidi
# embeddings, overrides and isolates, zero-width space, word joiner, soft hyphen, BOM) always is.
_DIRECTION_MARKS = "\u200e\u200f\u061c"
# Letters below U+0250 (Basic Latin to IPA Extensions): the scripts where a joiner or a stacked
# combining mark serves no spelling that a precomposed letter does not already give.
_LATIN_END = 0x0250
# NFKC's compatibility forms that only restyle a letter or digit (unicodedata.decomposition's tag):
# full- and half-width forms, mathematical alphanumerics, and plain <compat> (ligatures such as "ﬁ",
# roman-numeral letters). Superscripts and subscripts ("x²", "¹") are left alone: they mean another
# thing than the plain digit, and ordinary comments use them. Circled forms fold when letters ("ⓘ"),
# not circled digits (list numbers in ordinary text).
_RESTYLED = ("<wide>", "<narrow>", "<font>", "<compat>")
_RESTYLED_LETTERS = ("<circle>",)


@lru_cache(maxsize=4096)
def _folded(character: str) -> str | None:
    """What one character reads as on its own: "" (dropped), its folded letters, or None (kept, or
    decided by its neighbours: the joiners and direction marks)."""
    if unicodedata.category(character) == "Cf":
        return None if character in _JOINERS or character in _DIRECTION_MARKS else ""
    tag = unicodedata.decomposition(character).split(" ", 1)[0]
    if tag not in _RESTYLED and tag not in _RESTYLED_LETTERS:
        return None
    compatible = unicodedata.normalize("NFKC", character)
    if compatible.isalpha() or (compatible.isalnum() and tag in _RESTYLED):
        return compatible
    return None


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _may_change(character: str) -> bool:
    """Whether reading can change this character (in some neighbourhood)."""
    return _folded(character) is not None or unicodedata.category(character) in ("Cf", "Mn")


def _latin(character: str) -> bool:
    return character.isalpha() and ord(character) < _LATIN_END


def readable_with_origins(text: str) -> tuple[str, list[int] | None]:
    """(the text the model reads, the original position of each of its characters); origins is None
    when the text is read as it is."""
    if text.isascii() or not any(map(_may_change, set(_NON_ASCII.findall(text)))):  # most non-ASCII text
        return text, None
    pieces: list[str] = []
    origins: list[int] = []
    changed = False
    previous = ""  # the last character kept (folded)
    for position, character in enumerate(text):
        if character.isascii():
            pieces.append(character)
            origins.append(position)
            previous = character
            continue
        folded = _folded(character)
        if folded is None and character in _JOINERS:
            following = text[position + 1 : position + 2]
            folded = "" if _latin(previous) and _latin(following) else None
        elif folded is None and character in _DIRECTION_MARKS:
            following = text[position + 1 : position + 2]
            folded = "" if previous.isalpha() and following.isalpha() else None
        elif folded is None and unicodedata.category(character) == "Mn" and _latin(previous):
            # A mark stacked on a Latin letter that did not come precomposed ("i̶d̶i̶o̶t̶", zalgo).
            folded = ""
        if folded is None:
            pieces.append(character)
            origins.append(position)
            previous = character
            continue
        changed = True
        pieces.extend(folded)
        origins.extend([position] * len(folded))
        if folded:
            previous = folded[-1]
    if not changed:
        return text, None
    return "".join(pieces), origins


def readable(text: str) -> str:
    """The text the classifier reads (see the module docstring)."""
    return readable_with_origins(text)[0]


def readable_many(texts: Sequence[str]) -> list[str]:
    """`readable` of each text; the same list of the same strings when every text is ASCII."""
    texts = list(texts)
    if all(text.isascii() for text in texts):
        return texts
    return [readable(text) for text in texts]


_WORD = re.compile(r"\w+")


def written_words(text: str) -> dict[str, str]:
    """Lower-cased word as the model read it -> the same word as the comment wrote it (lower case), for
    the words of `text` that reading changed; empty for a text read as it is."""
    read, origins = readable_with_origins(text)
    if origins is None:
        return {}
    written: dict[str, str] = {}
    for match in _WORD.finditer(read):
        start, end = origins[match.start()], origins[match.end() - 1] + 1
        while end < len(text) and unicodedata.category(text[end]) == "Mn":  # marks stacked on its last letter
            end += 1
        original = text[start:end]
        if original != match.group():
            written.setdefault(match.group().lower(), original.lower())
    return written


def as_written(reasons: list[str], text: str) -> list[str]:
    """The reasons with each word that reading changed named as `text` wrote it."""
    written = written_words(text)
    if not written:
        return reasons
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(written, key=len, reverse=True))) + r")\b")
    return [pattern.sub(lambda match: written[match.group()], reason) for reason in reasons]


def read_as_the_model_reads(examples: Sequence):
    """Training examples with their text as `readable` gives it (the same examples when nothing changes),
    so a model learns from the text that scoring will read."""
    if all(example.text.isascii() for example in examples):
        return examples
    from dataclasses import replace

    return [
        example if example.text.isascii() else replace(example, text=readable(example.text)) for example in examples
    ]
