"""Threats among flagged comments: the words that make one, so the report can put it first.

The model has no threat label: "I will burn your house down with you in it" is flagged as an insult,
often with a lower score than a plain "idiot", and its reasons may name no word of the threat. A
moderator acts on a threat before any insult, so the report looks for threat wording in the comments
already flagged and ranks those first, with the words shown. Our own patterns, written from ordinary
English (not from any data set): an intent to harm the reader ("I'll hurt you", "someone should shoot
you"), the known stock threats ("watch your back", "I know where you live", "say that to my face"),
and a word of our violence list (`classify/threat_words.py`) aimed at "you".
"""

from __future__ import annotations

import re

from moderation.classify.threat_words import THREAT_WORDS
from moderation.report.dynamics import excerpt

# Harm done to someone, after an intent ("I'll", "someone should"): a verb and what it is done to.
_HARM = (
    r"(?:kill|hurt|burn|beat|smash|break|shoot|stab|strangle|punch|slap|hunt|find|come\s+for|come\s+after"
    r"|come\s+round\s+to|visit|deal\s+with|get|track)"
)
_INTENT = (
    r"(?:i'?ll|i\s+will|i'?m\s+(?:going\s+to|gonna)|i\s+am\s+going\s+to|im\s+(?:going\s+to|gonna)|we'?ll|we\s+will"
    r"|some(?:one|body)\s+(?:should|will|needs\s+to|ought\s+to))"
)
_YOU = r"(?:you|your|yours|ya|u|ur|yourself)"
_STOCK_THREATS = (
    r"watch\s+(?:your|ur)\s+back",
    r"watch\s+yourself",
    r"(?:know|found\s+out|find\s+out)\s+where\s+(?:you|u)\s+(?:live|work|park|sleep)",
    r"know\s+(?:which|what)\s+(?:street|road|house)\s+(?:you|u)",
    r"see\s+what\s+happens\s+to\s+(?:you|ya|u)",
    r"say\s+that\s+to\s+my\s+face",
    r"(?:you'?ll|you\s+will)\s+(?:regret|pay\s+for)",
    r"(?:you'?re|you\s+are)\s+(?:dead|a\s+dead\s+man|finished)",
    r"end\s+up\s+(?:dead|in\s+(?:a|the)\s+(?:ditch|canal|river|morgue|grave|hospital))",
    r"(?:hope|wish)\s+(?:you|u)\s+(?:die|get\s+(?:shot|hurt|killed|stabbed|run\s+over))",
    r"deserve\s+to\s+(?:die|be\s+shot|be\s+hanged|be\s+killed)",
    r"should\s+be\s+(?:shot|hanged|killed|strung\s+up)",
)
_THREAT = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(
        [
            rf"{_INTENT}\s+(?:\S+\s+){{0,3}}?{_HARM}\s+(?:\S+\s+){{0,2}}?{_YOU}",
            rf"(?:{'|'.join(sorted(THREAT_WORDS, key=len, reverse=True))})\s+(?:\S+\s+)?{_YOU}",
            *_STOCK_THREATS,
        ]
    )
    + r")(?![\w'])",
    re.IGNORECASE,
)


_CLAUSE_END = re.compile(r"[.!?;\n]")
THREAT_SHOWN = 100  # characters of a threat shown: its clause, to about one line (hand-set for reading)


def threat_words(text: str) -> str | None:
    """The words of `text` that threaten someone, to the end of their sentence, on one line; or None."""
    match = _THREAT.search(text)
    if match is None:
        return None
    end = _CLAUSE_END.search(text, match.end())
    return excerpt(text[match.start() : end.start() if end else len(text)], THREAT_SHOWN)
