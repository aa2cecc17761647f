"""Screen names compared the way a moderator reads them: accents, case, spaces and punctuation ignored.

"Jim195" and "Jim 195" are one name typed twice; "M. Gonzalez" is "Manuel Gonzalez" abbreviated; but
"Dave K" and "Dave M", or "Jim195" and "Jim196", differ exactly where people put what tells them apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

# Labels a platform shows for people who gave no name: each such comment may be anyone.
ANONYMOUS_NAMES = frozenset(
    {"", "anonymous", "anon", "anónimo", "anonimo", "anonyme", "anonym", "unknown", "guest", "[deleted]", "deleted"}
)

SIMILAR_NAME = 0.75
"""From this similarity on, two names count as one name written two ways (name evidence, candidate
pairs, sign-offs). Hand-set with the caps below on the identity benchmark's decoys
(benchmarks/identity_benchmark.py): respelt names score 0.8-1.0, different people's names under 0.5."""
NUMBERED_NAMES_CAP = 0.4
"""'Jim195' / 'Jim196': different numbers are how people on one site tell themselves apart, so such
names never reach SIMILAR_NAME on their letters alone."""
INITIALS_CONFLICT_CAP = 0.45
"""'Dave K' / 'Dave M': the differing initial is the point of the name; kept below SIMILAR_NAME."""
SAME_SURNAME_OTHER_FIRST = 0.3
"""'Anna Ruiz' / 'Marco Ruiz': relatives or strangers, not one name: well below SIMILAR_NAME."""
ABBREVIATED_FIRST_NAME = 0.92
"""'M. Gonzalez' / 'Manuel Gonzalez': one name abbreviated; above SIMILAR_NAME, below an exact match."""
PREFIX_FLOOR, PREFIX_SPAN = 0.75, 0.2
"""'Stormchaser' / 'Stormchaser_NW': one name extended starts at SIMILAR_NAME and rises with the share
the shorter name covers (0.75 + 0.2 x shorter/longer)."""
SHORT_NAME_LENGTH, SHORT_NAME_DISCOUNT = 4, 0.7
"""Below four letters one letter apart means little ('Ed' / 'Ted'): their similarity is scaled by 0.7."""

_TOKEN = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=65536)  # a run compares the same few thousand names again and again
def fold(text: str) -> str:
    """Accents stripped and case folded: "Gónzalez" -> "gonzalez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """Letters and digits only, folded: "Jim 195", "jim_195" and "Jim195" share "jim195"."""
    return "".join(_TOKEN.findall(fold(name)))


def tokens(name: str) -> list[str]:
    return _TOKEN.findall(fold(name))


@lru_cache(maxsize=65536)  # asked for every comment of a run, of a few thousand names
def is_anonymous(name: str) -> bool:
    return fold(name).strip() in ANONYMOUS_NAMES


def name_similarity(first: str, second: str) -> float:
    """0..1: how likely two screen names are one name written two ways."""
    a, b = skeleton(first), skeleton(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    digits_a, digits_b = _DIGITS.findall(a), _DIGITS.findall(b)
    if digits_a and digits_b and digits_a != digits_b:
        return min(NUMBERED_NAMES_CAP, fuzz.ratio(a, b) / 100)
    tokens_a, tokens_b = tokens(first), tokens(second)
    abbreviated = _abbreviation_match(tokens_a, tokens_b)
    if abbreviated is not None:
        return abbreviated
    if _conflicting_last_token(tokens_a, tokens_b):
        return min(INITIALS_CONFLICT_CAP, fuzz.ratio(a, b) / 100)
    scores = [fuzz.ratio(a, b), fuzz.token_sort_ratio(" ".join(tokens_a), " ".join(tokens_b))]
    shorter = min(len(a), len(b))
    if shorter >= SHORT_NAME_LENGTH and (a.startswith(b) or b.startswith(a)):
        scores.append(100 * (PREFIX_FLOOR + PREFIX_SPAN * shorter / max(len(a), len(b))))
    return max(scores) / 100 * (SHORT_NAME_DISCOUNT if shorter < SHORT_NAME_LENGTH else 1.0)


def _abbreviation_match(tokens_a: list[str], tokens_b: list[str]) -> float | None:
    """'M. Gonzalez' / 'Manuel Gonzalez': same surname, first names agree on their initial."""
    if len(tokens_a) < 2 or len(tokens_b) < 2 or tokens_a[-1] != tokens_b[-1] or len(tokens_a[-1]) < 3:
        return None
    firsts_a, firsts_b = tokens_a[:-1], tokens_b[:-1]
    if len(firsts_a) != len(firsts_b):
        return None
    for x, y in zip(firsts_a, firsts_b, strict=False):
        if x == y:
            continue
        if min(len(x), len(y)) == 1 and x[0] == y[0]:
            continue
        return SAME_SURNAME_OTHER_FIRST
    return ABBREVIATED_FIRST_NAME


def _conflicting_last_token(tokens_a: list[str], tokens_b: list[str]) -> bool:
    """'Dave K' / 'Dave M': same first token, different short last tokens (initials)."""
    if len(tokens_a) < 2 or len(tokens_b) < 2 or tokens_a[:-1] != tokens_b[:-1]:
        return False
    last_a, last_b = tokens_a[-1], tokens_b[-1]
    if last_a == last_b:
        return False
    short, long = sorted((last_a, last_b), key=len)
    if len(short) <= 2 and long.startswith(short):
        return False  # "Dave K" / "Dave Kowalski": an initial and the name it stands for
    return len(short) <= 2 or last_a[0] != last_b[0]


def blocking_keys(name: str) -> set[str]:
    """Keys two similar names are likely to share, so only names sharing one are compared.

    The skeleton with digits removed catches "Jim195"/"Jim 195"; the surname catches initials; a
    prefix catches "Truthseeker"/"Truthseeker2".
    """
    flat = skeleton(name)
    letters = _DIGITS.sub("", flat)
    parts = tokens(name)
    keys = {f"s:{flat}"}
    if len(letters) >= 3:
        keys.add(f"l:{letters}")
        keys.add(f"p:{letters[:5]}")
    if len(parts) >= 2 and len(parts[-1]) >= 3:
        keys.add(f"t:{parts[-1]}")
    if len(parts) >= 2 and len(parts[0]) >= 3:
        keys.add(f"f:{parts[0]}")
    return keys
