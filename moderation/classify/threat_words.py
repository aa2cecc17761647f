"""Words of threat and violence that a flag's reasons name even below NAMED_WORD_WEIGHT.

alt-profanity-check weighs abuse and profanity at 2.5 and up but threats lower: "kill" 2.28, "die" 2.27,
"shoot" 1.63, "stab" 1.14, "hurt" 1.12, in a band where most words are ordinary ones. A reason therefore
named "idiot" but not "kill" in "I will kill you" (docs/benchmarks.md, Classifier / reasons). This
list lets a threat show its words; it decides only which words a reason names, never a feature value
or a score.

Our own list, written for this purpose from ordinary English (not taken from any data set): verbs whose
plain sense is to kill or physically harm a person, with their common forms. Words whose everyday sense
is harmless are left out ("beat" a deadline, "hang" on, "attack" an argument, "shot" of espresso,
"dead" wrong, "destroy" a record, "burn" in a retort), as are body words ("throat", "skull"): the
list names the word that makes a threat, not every word one uses.
"""

from __future__ import annotations

THREAT_WORDS = frozenset(
    {
        "kill",
        "kills",
        "killed",
        "killing",
        "murder",
        "murdered",
        "murdering",
        "die",
        "shoot",
        "stab",
        "stabbed",
        "stabbing",
        "strangle",
        "strangled",
        "choke",
        "choked",
        "hurt",
        "hurting",
        "punch",
        "punched",
        "slap",
        "slapped",
        "lynch",
        "lynched",
        "hanged",
        "rape",
        "raped",
        "behead",
        "beheaded",
        "maim",
        "maimed",
        "mutilate",
        "torture",
        "tortured",
        "slit",
        "smother",
        "suffocate",
        "bludgeon",
        "massacre",
        "slaughter",
    }
)
