"""What a comment about a name change says: who it concerns and which other names it gives.

A classifier's probability says *that* a comment talks about a name change; only the words say
whom it concerns ("I used to post as X": the author; "third name you have used": the parent's
author) and which names it links. These rules do both, and serve as the detector when no
classifier is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from moderation.identity.names import fold, is_anonymous, skeleton

ADMISSION = "admission"
CALLOUT = "callout"
STATEMENT = "statement"  # a third party: "X and Y are the same person"

_NAME_WORDS = r"(?:screen ?name|user ?name|handle|nick(?:name)?|name|moniker|alias|login|account)"

# (pattern, kind, probability). A `name` group captures where another name starts.
_RULES: list[tuple[re.Pattern[str], str, float]] = [
    (
        re.compile(
            r"\bI (?:used to|previously|formerly|once|also|originally|first) (?:post(?:ed)?|comment(?:ed)?|wr[io]te|go|went|signed)"  # noqa: E501
            r" (?:here |on here |in here )?(?:as|under(?: the name)?|by)\s+(?P<name>.+)",
            re.I,
        ),
        ADMISSION,
        0.95,
    ),
    (
        # Plain past tense names an earlier handle too: "I posted as "Harlan Mike" on the old site".
        re.compile(
            r"\bI (?:posted|commented|wrote|signed) (?:here |on here |in here )?(?:as|under(?: the name)?)\s+(?P<name>.+)",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        0.9,
    ),
    (
        re.compile(
            r"\bI (?:was|am|'m) (?:the (?:one|poster|guy|person) )?(?:formerly|previously|also|once|the artist formerly known as)"  # noqa: E501
            r" (?:known as |posting as |called )?(?P<name>.+)",
            re.I,
        ),
        ADMISSION,
        0.9,
    ),
    (
        re.compile(
            r"\b(?:my|the) (?:old|former|previous|earlier|first|other) "
            + _NAME_WORDS
            + r"(?: here)? (?:was|is)\s+(?P<name>.+)",
            re.I,
        ),
        ADMISSION,
        0.95,
    ),
    (
        re.compile(
            r"\b(?:changed|switched|changing|switching|updated) (?:my |the )?"
            + _NAME_WORDS
            + r"(?: here)?(?: from (?P<name>.+?))?(?: to\b|[.,;!]|$)",
            re.I,
        ),
        ADMISSION,
        0.9,
    ),
    (
        re.compile(r"\bnew " + _NAME_WORDS + r",? (?:but )?(?:same|still) (?:me|person|old me|guy)\b", re.I),
        ADMISSION,
        0.95,
    ),
    (
        re.compile(
            r"\b(?:same (?:person|poster|guy|commenter) as|formerly known as|formerly posting as|f/k/a|fka)\s+(?P<name>.+)",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        0.85,
    ),
    (
        re.compile(
            r"\b(?:sorry|apologies) (?:about|for) (?:the |my )?(?:"
            + _NAME_WORDS
            + r") (?:issue|thing|confusion|mix-?up|change|switch)",
            re.I,
        ),
        ADMISSION,
        0.85,
    ),
    (re.compile(r"\b(?:" + _NAME_WORDS + r") (?:issue|confusion|mix-?up)\b", re.I), ADMISSION, 0.6),
    (
        re.compile(
            r"\b(?:this is|it's|its) (?:still )?(?:me|the same me)\b,? (?:under|with) (?:a )?new " + _NAME_WORDS, re.I
        ),
        ADMISSION,
        0.9,
    ),
    (
        re.compile(
            r"\b(?:second|third|fourth|fifth|another|new|different|\d+(?:st|nd|rd|th)) (?:screen ?)?(?:name|handle|user ?name|nick)s?"  # noqa: E501
            r" (?:you(?:'ve| have)? used|you(?:'re| are) (?:using|trying)|for you|today)",
            re.I,
        ),
        CALLOUT,
        0.95,
    ),
    (re.compile(r"\bpick one (?:name |handle )?and stick (?:with|to) it\b", re.I), CALLOUT, 0.9),
    (re.compile(r"\b(?:a |one )?consistent (?:screen ?)?(?:name|handle|user ?name)\b", re.I), CALLOUT, 0.8),
    (re.compile(r"\bstop (?:changing|switching) (?:your )?" + _NAME_WORDS, re.I), CALLOUT, 0.9),
    (
        re.compile(
            r"\byou (?:used to|previously|also|once|formerly) (?:post(?:ed)?|comment(?:ed)?|wr[io]te|go|went)"
            r" (?:here |on here )?(?:as|under(?: the name)?|by)\s+(?P<name>.+)",
            re.I,
        ),
        CALLOUT,
        0.95,
    ),
    (
        re.compile(r"\b(?:aren't|weren't) you (?:also |the same (?:person|guy) as )?(?P<name>.+?)\??$", re.I | re.M),
        CALLOUT,
        0.5,
    ),
    (
        re.compile(
            r"\byou(?:'re| are| were) (?:obviously |clearly |really |just )?(?:the same (?:person|guy|poster) as )(?P<name>.+)",  # noqa: E501
            re.I,
        ),
        CALLOUT,
        0.9,
    ),
    (re.compile(r"\bsock ?puppet", re.I), CALLOUT, 0.8),
    (
        re.compile(
            # `other` is bounded: an open ".+?" scanned from every " and " to the end of the text,
            # quadratic in a long comment (a 300 KB comment took minutes; issue #18).
            r"(?P<name>(?:[\w.'’-]+ ){0,2}[\w.'’-]+) and (?P<other>.{1,80}?) are (?:the )?same (?:person|poster|guy|commenter)\b",  # noqa: E501
            re.I,
        ),
        STATEMENT,
        0.85,
    ),
]

# "formerly X", "aka X": only names the run knows, since "formerly of the FBI" is no name.
_KNOWN_ONLY = re.compile(r"\b(?:formerly|previously|aka|a\.k\.a\.?|also known as|alias)\s+(?P<name>.+)", re.I)
_SELF_INTRO = re.compile(r"^\W*(?P<name>[^\n,.!?]{2,30}?) here\b", re.I)

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "i",
        "me",
        "my",
        "you",
        "your",
        "he",
        "she",
        "it",
        "we",
        "they",
        "this",
        "that",
        "here",
        "there",
        "before",
        "until",
        "but",
        "and",
        "or",
        "so",
        "on",
        "in",
        "at",
        "of",
        "for",
        "with",
        "to",
        "as",
        "by",
        "from",
        "now",
        "then",
        "again",
        "today",
        "yesterday",
        "last",
        "week",
        "month",
        "year",
        "years",
        "ago",
        "while",
        "when",
        "because",
        "since",
        "lol",
        "well",
        "yes",
        "no",
        "not",
        "just",
    ]
)
_HANDLE = re.compile(r"^[\w.'’-]+$")


@dataclass(frozen=True)
class NameChangeFinding:
    """What the rules read in one comment.

    `concerns` is "author" (an admission), "parent" (a call-out answers the parent's author) or
    "named" (a third party naming both people).
    """

    kind: str
    probability: float
    names: tuple[str, ...] = field(default=())
    cue: str = ""

    @property
    def concerns(self) -> str:
        return {ADMISSION: "author", CALLOUT: "parent"}.get(self.kind, "named")


def read_name_change(text: str, known_names: dict[str, str] | None = None) -> NameChangeFinding | None:
    """The strongest name-change reading of `text`, or None.

    known_names maps skeleton(name) -> the name as displayed, for every author of the run; names
    are matched against it first so "formerly Quiet Water" finds "QuietWater".
    """
    known = known_names or {}
    best: NameChangeFinding | None = None
    for pattern, kind, probability in _RULES:
        for match in pattern.finditer(text):
            names = _names_in(match, known, strict=(kind == STATEMENT or probability < 0.6))
            if kind == STATEMENT and len(names) < 2:
                continue
            if "name" in pattern.groupindex and match.group("name") is not None and not names and probability < 0.6:
                continue  # a weak cue with a name slot that names nobody is not a call-out
            finding = NameChangeFinding(kind, probability, tuple(names), match.group(0)[:80])
            best = _stronger(best, finding)
    for match in _KNOWN_ONLY.finditer(text):
        names = _names_in(match, known, strict=True)
        if names:
            best = _stronger(best, NameChangeFinding(ADMISSION, 0.85, tuple(names), match.group(0)[:80]))
    if best is not None and best.kind == ADMISSION:
        intro = _SELF_INTRO.match(text)
        if intro:
            extra = _resolve_name(intro.group("name"), known, strict=True)
            if extra and extra not in best.names:
                best = NameChangeFinding(best.kind, best.probability, best.names + (extra,), best.cue)
    return best


def _stronger(current: NameChangeFinding | None, new: NameChangeFinding) -> NameChangeFinding:
    if current is None:
        return new
    key = (bool(new.names), new.probability)
    if key > (bool(current.names), current.probability):
        merged = tuple(dict.fromkeys(new.names + current.names))
        return NameChangeFinding(new.kind, new.probability, merged, new.cue)
    if new.kind == current.kind and new.names:
        return NameChangeFinding(
            current.kind, current.probability, tuple(dict.fromkeys(current.names + new.names)), current.cue
        )
    return current


def _names_in(match: re.Match[str], known: dict[str, str], *, strict: bool) -> list[str]:
    names = []
    for group in ("name", "other"):
        if group in match.re.groupindex and match.group(group):
            fragment = match.group(group)
            name = _resolve_name(fragment, known, strict=strict)
            if name is None and group == "name" and match.start(group) == match.start():
                # A name before the cue ("I think Bob and ..."): try its last words.
                name = _resolve_name(" ".join(fragment.split()[-2:]), known, strict=True) or _resolve_name(
                    fragment.split()[-1], known, strict=True
                )
            if name:
                names.append(name)
    return names


def _resolve_name(fragment: str, known: dict[str, str], *, strict: bool) -> str | None:
    """The name a fragment starts with: a known name first, else a handle-like word."""
    fragment = fragment.strip()
    quoted = re.match(r"^[\"“‘']([^\"”’']{1,40})[\"”’']", fragment)
    if quoted:
        inner = quoted.group(1).strip()
        return known.get(skeleton(inner), inner)
    words = re.findall(r"[^\s,;:!?()\"“”]+", fragment.split("\n", 1)[0])[:4]
    words = [w.rstrip(".'’") or w for w in words]
    for count in range(len(words), 0, -1):
        candidate = " ".join(words[:count])
        found = known.get(skeleton(candidate))
        if found and skeleton(candidate):
            return found
    if strict or not words:
        return None
    first = words[0]
    if fold(first) in _STOPWORDS or is_anonymous(first) or not _HANDLE.match(first):
        return None
    looks_like_handle = any(ch.isdigit() for ch in first) or any(ch.isupper() for ch in first) or "_" in first
    if not (looks_like_handle and len(first) >= 2):
        return None
    # An unquoted name runs over its capitalised words up to a punctuation mark:
    # "as East Bank Ed and switched" -> "East Bank Ed"; "as Quarry Lad, I'll" -> "Quarry Lad".
    clause = re.split(r"[,;:!?()\"“”]|\.(?:\s|$)", fragment.split("\n", 1)[0], maxsplit=1)[0]
    name = [first]
    for word in words[1 : len(clause.split())]:
        if not word[:1].isupper() or fold(word) in _STOPWORDS or word.endswith((".", ",")):
            break
        name.append(word)
    return " ".join(name)


_SIGN_OFF_DASH = re.compile(r"(?:^|\n)\s*(?:--?|—|–|~)\s*(?P<name>[^\W\d_][\w .'’-]{0,28}?)\s*$")
_CLOSING = re.compile(
    r"(?:^|\n)\s*(?:cheers|regards|thanks|best|yours|sincerely|peace|later|ciao)[,!.]?\s*\n\s*"
    r"(?P<name>[^\W\d_][\w .'’-]{0,28}?)\s*$",
    re.I,
)
_SIGN_OFF_WORDS = frozenset(
    [
        "thanks",
        "cheers",
        "regards",
        "peace",
        "later",
        "out",
        "rant",
        "over",
        "end",
        "edit",
        "ps",
        "p.s.",
        "lol",
        "just",
        "sayin",
        "sayin",
    ]
)


def sign_off_name(text: str) -> str | None:
    """The name a comment is signed with ("... — Pete from Dayton"), or None.

    Only a dash or a closing line ("Cheers,\\nPete") counts: a short last line alone is too often
    a sentence.
    """
    tail = text.rstrip()[-120:]
    for pattern in (_SIGN_OFF_DASH, _CLOSING):
        match = pattern.search(tail)
        if not match:
            continue
        name = match.group("name").strip(" .-'’")
        words = name.split()
        if not 1 <= len(words) <= 4 or fold(name) in _SIGN_OFF_WORDS or is_anonymous(name):
            continue
        if not words[0][0].isupper() and not any(ch.isdigit() for ch in name):
            continue  # "-- just my two cents" is a sentence, not a signature
        return name
    return None
