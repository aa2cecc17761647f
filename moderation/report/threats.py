"""Threats among flagged comments: the words that make one, so the report can put it first.

The model has no threat label: "I will burn your house down with you in it" is flagged as an insult,
often with a lower score than a plain "idiot", and its reasons may name no word of the threat. A
moderator acts on a threat before any insult, so the report looks for threat wording in the comments
already flagged and ranks those first, with the words shown. Our own patterns, written from ordinary
English (not from any data set): an intent to harm the reader ("I'll hurt you", "someone should shoot
you"), the known stock threats ("watch your back", "I know where you live", "say that to my face"),
and a word of our violence list (`classify/threat_words.py`) followed by "you" ("kill you").
"""

from __future__ import annotations

import re

from moderation.classify.threat_words import THREAT_WORDS
from moderation.report.addressees import one_line
from moderation.report.dynamics import excerpt

# Harm done to someone, after an intent ("I'll", "someone should"): a verb and what it is done to.
_HARM = (
    r"(?:kill|hurt|burn|beat|smash|break|shoot|stab|strangle|punch|slap|hunt|find|come for|come after"
    r"|come round to|visit|deal with|get|track)"
)
_INTENT = (
    r"(?:i'?ll|i will|i'?m (?:going to|gonna)|i am going to|im (?:going to|gonna)|we'?ll|we will"
    r"|some(?:one|body) (?:should|will|needs to|ought to))"
)
_YOU = r"(?:you|your|yours|ya|u|ur|yourself)"
# Words of the violence list done to no one: "about to die and you lecture her" threatens nobody
# ("I hope you die" is among the stock threats below).
INTRANSITIVE = frozenset({"die"})
_STOCK_THREATS = (
    r"watch (?:your|ur) back",
    r"watch yourself",
    r"(?:know|found out|find out) where (?:you|u) (?:live|work|park|sleep)",
    r"know (?:which|what) (?:street|road|house) (?:you|u)",
    r"see what happens to (?:you|ya|u)",
    r"say that to my face",
    r"(?:you'?ll|you will) (?:regret|pay for)",
    r"(?:you'?re|you are) (?:dead|a dead man|finished)",
    r"end up (?:dead|in (?:a|the) (?:ditch|canal|river|morgue|grave|hospital))",
    r"(?:hope|wish) (?:you|u) (?:die|get (?:shot|hurt|killed|stabbed|run over))",
    r"deserve to (?:die|be shot|be hanged|be killed)",
    r"should be (?:shot|hanged|killed|strung up)",
)
_THREAT = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(
        [
            rf"{_INTENT} (?:\S+ ){{0,3}}?{_HARM} (?:\S+ ){{0,2}}?{_YOU}",
            rf"(?:{'|'.join(sorted(THREAT_WORDS - INTRANSITIVE, key=len, reverse=True))}) {_YOU}",
            *_STOCK_THREATS,
        ]
    )
    + r")(?![\w'])",
)  # matched against the text lowered, on one line (`addressees.one_line`): no IGNORECASE, ~4x less CPU


_CLAUSE_END = re.compile(r"[.!?;]")
THREAT_SHOWN = 100  # characters of a threat shown: its clause, to about one line (hand-set for reading)


def threat_words(text: str) -> str | None:
    """The words of `text` that threaten someone, to the end of their sentence, on one line; or None."""
    flat, lowered = one_line(text)
    match = _THREAT.search(lowered)
    if match is None:
        return None
    end = _CLAUSE_END.search(lowered, match.end())
    shown = flat if len(flat) == len(lowered) else lowered  # lowering changed a length: show it lowered
    return excerpt(shown[match.start() : end.start() if end else len(shown)], THREAT_SHOWN)
