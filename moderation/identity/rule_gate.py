"""A regex's exact pre-check: strings one of which every match must contain, read from the pattern.

Most comments say nothing about names, yet each name-change rule scans every position of every
comment. A rule whose every match contains "account" or "handle" cannot match a text holding
neither, so it need not run there. The strings come from the pattern's own syntax tree (literal
runs, alternations and optional parts expanded while their spellings stay few), never from a list
kept by hand, so they can never drift from the rules. The check matches them the way the rule does
(case-insensitively, Unicode case folds included): it can skip a rule only where the rule cannot match.
"""

from __future__ import annotations

import re
from functools import cache

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# How many spellings a part of a pattern may expand to before only a shorter part of it is kept:
# more spellings check no better and cost more per text.
MAX_SPELLINGS = 64

_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT} | (
    {sre_constants.POSSESSIVE_REPEAT} if hasattr(sre_constants, "POSSESSIVE_REPEAT") else set()
)


class _Part:
    """What is known of a part of a pattern: `exact`, every string it can match (None: too many or
    unbounded), and `needed`, sets of strings such that any match of it contains a string of each."""

    __slots__ = ("exact", "needed")

    def __init__(self, exact: frozenset[str] | None, needed: tuple[frozenset[str], ...] = ()) -> None:
        self.exact = exact
        self.needed = needed

    def all_needed(self) -> tuple[frozenset[str], ...]:
        whole = _usable(self.exact)
        return self.needed + (whole,) if whole else self.needed

    def best(self) -> frozenset[str] | None:
        """The one most selective set (an alternation keeps one per alternative)."""
        candidates = self.all_needed()
        return max(candidates, key=_selectivity) if candidates else None


def _usable(strings: frozenset[str] | None) -> frozenset[str] | None:
    """Spellings as a requirement: none may be empty (an empty string is in every text)."""
    if strings is None or "" in strings:
        return None
    # A text holding a longer spelling holds any shorter one inside it: only the shortest are needed.
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))


def _selectivity(strings: frozenset[str]) -> tuple[int, int]:
    """Longer shortest string first, then fewer strings."""
    return min(map(len, strings)), -len(strings)


def _item(item) -> _Part:
    op, value = item
    if op is sre_constants.LITERAL:
        return _Part(frozenset([chr(value)]))
    if op in _ZERO_WIDTH:
        return _Part(frozenset([""]))  # matches no characters: adds nothing, takes nothing away
    if op is sre_constants.IN:
        if all(kind is sre_constants.LITERAL for kind, _ in value) and len(value) <= MAX_SPELLINGS:
            return _Part(frozenset(chr(code) for _, code in value))
        return _Part(None)
    if op is sre_constants.SUBPATTERN:
        _group, add_flags, del_flags, pattern = value
        if add_flags or del_flags:
            return _Part(None)  # a flag changed inside: matched differently from the gate
        return _whole(pattern)
    if op is sre_constants.BRANCH:
        alternatives = [_whole(alternative) for alternative in value[1]]
        exact = None
        if all(a.exact is not None for a in alternatives):
            union = frozenset().union(*(a.exact for a in alternatives))
            exact = union if len(union) <= MAX_SPELLINGS else None
        bests = [a.best() for a in alternatives]
        needed = () if any(b is None for b in bests) else (frozenset().union(*bests),)
        return _Part(exact, needed)
    if op in _REPEATS:
        low, high, pattern = value
        inner = _whole(pattern)
        if low == 1 and high == 1:
            return inner
        if low == 0 and high == 1:
            return _Part(inner.exact | {""} if inner.exact is not None else None)
        return _Part(None, inner.all_needed() if low >= 1 else ())
    return _Part(None)  # any other character, a class, a back-reference: nothing known


def _whole(items) -> _Part:
    """A sequence of items: spellings multiplied out while few; every run's spellings and every
    item's requirements are required of the whole."""
    exact: frozenset[str] = frozenset([""])  # the current run's spellings
    finite = True  # every item so far had few spellings: the run is the whole sequence
    needed: list[frozenset[str]] = []
    for item in items:
        part = _item(item)
        needed.extend(part.needed)
        if part.exact is not None and len(exact) * len(part.exact) <= MAX_SPELLINGS:
            exact = frozenset(a + b for a in exact for b in part.exact)
            continue
        finite = False
        run = _usable(exact)  # the run so far is a part of every match
        if run:
            needed.append(run)
        exact = part.exact if part.exact is not None else frozenset([""])
    if not finite:
        run = _usable(exact)
        if run:
            needed.append(run)
    return _Part(exact if finite else None, tuple(dict.fromkeys(needed)))


def required_strings(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of strings such that every match of `pattern` contains one string of each set (as the
    pattern matches them: with its flags); empty when the pattern promises nothing."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable tree (a future re) only means no pre-check
        return ()
    return _whole(tree.data).all_needed()


# Words too common to be worth checking when a required string offers a rarer one; speed only, never
# correctness (any word of a required string is itself required).
_COMMON_WORDS = frozenset(
    [
        "the",
        "you",
        "and",
        "was",
        "one",
        "who",
        "that",
        "for",
        "with",
        "are",
        "not",
        "this",
        "have",
        "from",
        "were",
        "your",
        "just",
        "only",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
# Sets checked per rule: the few most selective already rule out nearly every text.
MAX_SETS = 3


def _key(string: str) -> str:
    """A shorter string inside `string` to look for (a text holding `string` holds it): its longest
    uncommon word of four letters or more, else the string itself."""
    words = [w for w in _WORD.findall(string) if len(w) >= 4 and w.lower() not in _COMMON_WORDS]
    return max(words, key=len) if words else string


def _rarity(strings: frozenset[str]) -> tuple[int, int]:
    """How seldom a set's strings are likely to appear: a common word counts as one letter."""
    return min(1 if s.strip().lower() in _COMMON_WORDS else len(s) for s in strings), -len(strings)


class Gate:
    """`may_match(text)`: False only when the pattern cannot match `text` (it lacks every string of
    some required set). ASCII text is checked with `str.lower` and `in`, which for ASCII is exactly
    how a case-insensitive pattern compares; other text with a regex of the strings under the
    pattern's own flags, so Unicode case folds ("ı" for "i", "ſ" for "s") count as the rule counts them."""

    __slots__ = ("sets", "_searches", "_ignore_case")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        ignore_case = self._ignore_case = bool(pattern.flags & re.IGNORECASE)
        sets = []
        for strings in required_strings(pattern):
            keys = _usable(frozenset(_key(s) for s in strings))
            if not keys or any(_folds_to_ascii(ch) for s in keys for ch in s if not ch.isascii()):
                continue  # a non-ASCII literal an ASCII letter could match: not checked on ASCII text
            sets.append(keys)
        sets = sorted(set(sets), key=_rarity, reverse=True)[:MAX_SETS]
        self.sets = tuple(tuple(sorted(s.lower() for s in keys) if ignore_case else sorted(keys)) for keys in sets)
        flags = pattern.flags & (re.IGNORECASE | re.ASCII)
        self._searches = tuple(re.compile("|".join(map(re.escape, keys)), flags).search for keys in sets)

    def may_match(self, text: str, lowered: str | None) -> bool:
        """`lowered` is `text.lower()` when `text` is ASCII, else None."""
        if lowered is not None:
            haystack = lowered if self._ignore_case else text
            for keys in self.sets:
                for key in keys:
                    if key in haystack:
                        break
                else:
                    return False
            return True
        return all(search(text) is not None for search in self._searches)


@cache
def _folds_to_ascii(ch: str) -> bool:
    """A character some ASCII character matches case-insensitively (the Kelvin sign and "k")."""
    pattern = re.compile(re.escape(ch), re.IGNORECASE)
    return any(pattern.fullmatch(chr(code)) for code in range(128))


class GateSet:
    """The gates of many case-insensitive patterns checked together: one regex pass over a text
    finds which strings of each pattern's rarest required set it holds; the few patterns left then
    check their other sets.

    The pass reports, at each position, the longest such string starting there (a trie-shaped
    regex); a shorter one starting there is a prefix of it, so the strings a text holds are exactly
    the prefixes (among those strings) of the ones reported."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.gates = [Gate(pattern) for pattern in patterns]
        together = [gate._ignore_case and gate.sets and all(map(_one_spelling, gate.sets[0])) for gate in self.gates]
        keys = sorted(
            {key for gate, joined in zip(self.gates, together, strict=True) if joined for key in gate.sets[0]}
        )
        bit = {key: 1 << number for number, key in enumerate(keys)}
        self._held = {key: sum(bit[other] for other in keys if key.startswith(other)) for key in keys}
        # per pattern: the mask of its rarest set, or None when it is checked on its own
        self._first = [
            sum(bit[key] for key in gate.sets[0]) if joined else None
            for gate, joined in zip(self.gates, together, strict=True)
        ]
        self._all_joined = all(first is not None for first in self._first)
        self._find = re.compile(f"(?=({_trie_pattern(keys)}))").finditer if keys else None
        # Other text: the same search as the patterns compare (re.IGNORECASE, Unicode folds); a
        # string found that does not lower-case to a key (a fold such as "İ" for "i") counts as all.
        self._find_folded = re.compile(f"(?=({_trie_pattern(keys)}))", re.IGNORECASE).finditer if keys else None

    def may_match(self, text: str) -> list[bool]:
        """For each pattern, False only when it cannot match `text`."""
        if self._find is None:
            lowered = text.lower() if text.isascii() else None
            return [gate.may_match(text, lowered) for gate in self.gates]
        held = 0
        if text.isascii():
            lowered = text.lower()
            for match in self._find(lowered):
                held |= self._held[match.group(1)]
        else:
            lowered = None
            for match in self._find_folded(text):
                held |= self._held.get(match.group(1).lower(), -1)
        if not held and self._all_joined:
            return [False] * len(self.gates)  # the common case: no rule's rarest string at all
        return [
            gate.may_match(text, lowered)
            if first is None
            else bool(first & held) and (len(gate.sets) == 1 or gate.may_match(text, lowered))
            for gate, first in zip(self.gates, self._first, strict=True)
        ]


def _one_spelling(key: str) -> bool:
    """Every character of `key` ASCII or without case (the typographic apostrophe in "i’m"): the
    pass finds such a key exactly where the pattern's own case-insensitive search would. (A gate
    whose rarest set holds a cased non-ASCII letter is checked on its own, as its pattern folds it.)"""
    return all(ch.isascii() or ch == ch.lower() == ch.upper() for ch in key)


def _trie_pattern(keys: list[str]) -> str:
    """A regex matching any of `keys`, the longest one where several start at one place."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}  # a key ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a key ends here: try the longer keys first (greedy), then this one
            return "(?:" + body + ")?"
        return body

    return pattern(trie)
