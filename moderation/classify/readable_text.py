"""The text the classifier reads: hidden characters removed, compatibility letters folded.

An adversary hides an insult from the model with characters a reader never sees or reads past:
a zero-width space or soft hyphen inside the word, a bidi override, full-width or roman-numeral
letters, a ligature, combining marks stacked on the letters, a Cyrillic or Greek look-alike letter
inside a Latin word ("idi<Cyrillic o>t"). Training and scoring both read comments
through `readable` (and only it), so "id<zero-width space>iot" has the n-grams of "idiot".

Ordinary text is returned as the same string: pure ASCII is never touched (the fast path), and a
non-ASCII character changes only when it is one of the kinds above. Words wholly in Cyrillic or Greek
are read as written: a look-alike letter folds only inside a word that also has Latin letters.
Punctuation compatibility forms ("…", "™") are left alone: folding them would change scores of
ordinary text and hides no word.

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
# Cyrillic and Greek letters that look like a Latin letter, and the Latin letter they pass for: our own
# short table after Unicode's confusables data (UTS #39, confusables.txt), limited to the letters that
# spell a Latin word unnoticed. Where confusables.txt gives a small capital (Cyrillic "к" -> "ᴋ", "м" ->
# "ᴍ", "н" -> "ʜ", "т" -> "ᴛ", "в" -> "ʙ") the plain letter it stands for is taken.
_LOOK_ALIKES = {
    # Cyrillic lower case
    "\u0430": "a", "\u0432": "b", "\u0435": "e", "\u043a": "k", "\u043c": "m", "\u043d": "h",
    "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0442": "t", "\u0443": "y", "\u0445": "x",
    "\u0456": "i", "\u0458": "j", "\u0455": "s", "\u0501": "d", "\u051b": "q", "\u051d": "w",
    # Cyrillic capitals
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H",
    "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0423": "Y", "\u0425": "X",
    "\u0406": "I", "\u0408": "J", "\u0405": "S", "\u051a": "Q", "\u051c": "W",
    # Greek lower case
    "\u03bf": "o", "\u03b1": "a", "\u03bd": "v", "\u03b9": "i", "\u03ba": "k", "\u03c4": "t", "\u03c1": "p",
    # Greek capitals
    "\u039f": "O", "\u0391": "A", "\u039d": "N", "\u0399": "I", "\u039a": "K", "\u03a4": "T", "\u03a1": "P",
    "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u039c": "M", "\u03a7": "X", "\u03a5": "Y",
}  # fmt: skip
_LOOK_ALIKE = re.compile("[" + "".join(_LOOK_ALIKES) + "]")


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


_WORD_CHARACTERS = re.compile(r"\w+")
# The Greek (with its extended, accented block) and Cyrillic (with its supplement) letters.
_GREEK_OR_CYRILLIC = "\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f"
_GREEK_OR_CYRILLIC_LETTER = re.compile(f"[{_GREEK_OR_CYRILLIC}]")
_GREEK_OR_CYRILLIC_WORD = re.compile(rf"(?<!\w)[{_GREEK_OR_CYRILLIC}]+(?!\w)")


def _latin_word(word: str, greek_or_cyrillic_text: bool) -> str:
    """The word with its Cyrillic/Greek look-alike letters folded to their Latin twins when it is a Latin
    word in disguise; the same word otherwise. A word with no Latin letter (Russian, Greek) is never one.
    In a text that also has words wholly in Greek or Cyrillic, a mixed word is taken for the writer's own
    language typed with a stray Latin look-alike (a Latin "K" in a Greek word) unless its Latin letters
    are the majority."""
    if not _LOOK_ALIKE.search(word):
        return word
    latin = sum(map(_latin, word))
    if not latin or (greek_or_cyrillic_text and latin <= len(_GREEK_OR_CYRILLIC_LETTER.findall(word))):
        return word
    return _LOOK_ALIKE.sub(lambda match: _LOOK_ALIKES[match.group()], word)


def _fold_look_alikes(text: str) -> str:
    """The text with each mixed-script word read as Latin (one letter for one: positions do not move)."""
    greek_or_cyrillic_text = _GREEK_OR_CYRILLIC_WORD.search(text) is not None
    return _WORD_CHARACTERS.sub(lambda match: _latin_word(match.group(), greek_or_cyrillic_text), text)


def readable_with_origins(text: str) -> tuple[str, list[int] | None]:
    """(the text the model reads, the original position of each of its characters); origins is None
    when the text is read as it is."""
    if text.isascii():
        return text, None
    non_ascii = set(_NON_ASCII.findall(text))
    hides = any(map(_may_change, non_ascii))
    if not hides and not any(character in _LOOK_ALIKES for character in non_ascii):  # most non-ASCII text
        return text, None
    read, origins = _hidden_removed(text) if hides else (text, None)
    latin = _fold_look_alikes(read) if _LOOK_ALIKE.search(read) else read
    if latin != read:
        return latin, origins or list(range(len(text)))
    return read, origins


def _hidden_removed(text: str) -> tuple[str, list[int] | None]:
    """`readable_with_origins` before look-alike letters are folded."""
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


def written_words(text: str) -> dict[str, str]:
    """Lower-cased word as the model read it -> the same word as the comment wrote it (lower case), for
    the words of `text` that reading changed; empty for a text read as it is."""
    read, origins = readable_with_origins(text)
    if origins is None:
        return {}
    written: dict[str, str] = {}
    for match in _WORD_CHARACTERS.finditer(read):
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
