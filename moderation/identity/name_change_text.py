"""What a comment about a name change says: who it concerns and which other names it gives.

A classifier's probability says *that* a comment talks about a name change; only the words say
whom it concerns ("I used to post as X": the author; "that's your second handle": the parent's
author) and which names it links. These rules do both, and serve as the detector when no
classifier is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from moderation.identity.names import SIMILAR_NAME, fold, is_anonymous, name_similarity, skeleton
from moderation.identity.rule_gate import GateSet

ADMISSION = "admission"
CALLOUT = "callout"
STATEMENT = "statement"  # a third party: "X and Y are the same person"

_NAME_WORDS = (
    r"(?:screen ?name|user ?name|display name|handle|nick(?:name)?|name|moniker|alias|login|account|profile|id)"
)
_ACCOUNT_WORDS = r"(?:account|handle|user ?name|profile|login|name|alt|throwaway|burner)"
_POST_VERBS = r"(?:post(?:ed|ing)?|comment(?:ed|ing)?|wr[io]te|writing|go(?:ne)?|went|sign(?:ed)?|show(?:ed|s)? up)"
_AS = r"(?:here |on here |in here |on this (?:blog|site|page|thread|sub|forum) )?(?:as|under(?: the name)?|by)"
_NUMBER = r"(?:second|third|fourth|fifth|sixth|another|new|different|other|\d+(?:st|nd|rd|th)|two|three|four|five|several|multiple)"  # noqa: E501
# A rule's fourth element: its cue is common outside name talk ("I wrote as a parent", "the Dome,
# formerly known as the Arena"), so it counts only when it gives a name.
NAMED_ONLY = "named_only"
# Its name slot takes only a name the run knows (an author), never a word that merely looks like a
# handle: the cue is ordinary talk around any other capitalised word ("I'll stick to Tuesdays").
KNOWN_ONLY = "known_only"
# The name it gives must be another than the commenter's own ("Lou again, on my phone" from "lou marsh"
# names the earlier "Lou Marsh"; from "Lou Marsh" it is a greeting).
ANOTHER_NAME = "another_name"
# "That was me above": the other name is the author the comment answers (its parent's).
ABOUT_PARENT = "about_parent"
# "That's me again" is about the parent only when the parent's name is the commenter's own respelt
# ("Marguerite" answered by "marguerite"); it may as well answer a call-out.
ABOUT_SIMILAR_PARENT = "about_similar_parent"
# A statement whose two names are its `name` and `other` groups, not a list to split.
NAMES_IN_GROUPS = "names_in_groups"
# Its name slot takes an author of the run or a word only a handle looks like (digits, an underscore,
# a capital inside it), never any capitalised word ("...account system is Visa-only").
KNOWN_OR_HANDLE = "known_or_handle"
# A reminder of the site's rule ("one account per person") counts only outside quotation marks: quoted,
# it is the rule cited, as readers cite it about anything.
UNQUOTED = "unquoted"


def _gate(cue: str) -> re.Pattern[str]:
    """A rule's cheap pre-check, for a cue the rule gate (rule_gate.py) cannot read off the pattern: a
    rule that opens with a name slot tries every position of a text, so it runs only on texts where
    its words stand side by side (the gate asks only that each word appears somewhere)."""
    return re.compile(cue, re.I)


# Words of signing in and devices: a self-introduction ("Lou again") or "that was me too" is about a
# name only beside one of them ("on my phone", "wasn't logged in", "my wife's account").
_ACCOUNT_CUE = re.compile(
    r"\b(?:phone|mobile|tablet|i?pad|laptop|computer|pc|account|profile|log(?:ged)?[- ]?(?:in|out)|signed (?:in|out)"
    r"|sign[- ]in|password|user ?name|screen ?name|handle|the name|my name)\b",
    re.I,
)
# The same without words of names: for a rule whose own cue is "my name".
_DEVICE_CUE = re.compile(
    r"\b(?:phone|mobile|tablet|i?pad|laptop|computer|pc|browser|account|profile|log(?:ged)?[- ]?(?:in|out)"
    r"|signed (?:in|out)|sign[- ]in|password)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|me|my|myself)\b")

# A rule's probability, by how rarely its kind of phrasing appears in talk that is not about names (our
# own judgement when the rules were written, checked on our own corpus and tests, never fitted):
OUTRIGHT = 0.95  # says it in so many words ("this is the second name you've used")
CLEAR = 0.9  # hardly read any other way ("I used to post as X")
PROBABLE = 0.85  # usually about names ("formerly X", "pick one name and stick to it")
SUGGESTIVE = 0.8
LOOSE = 0.7
WEAK = 0.6  # common in other talk: counts only with a name (_NEEDS_NAME)
WEAKEST = 0.5  # as WEAK, a still weaker cue
# Characters of the matched cue kept as the finding's quote (shown in the aliases report's evidence).
CUE_CHARACTERS = 80

# (pattern, kind, probability). A `name` group captures where another name starts; `other`, a second
# one. The patterns describe kinds of phrasing (an admission of an earlier name, a call-out, a third
# party's list), never one site's sentences; the probabilities rank how rarely each kind appears in
# talk that is not about names (our own judgement, checked on our own corpus and tests).
_RULES: list[tuple] = [
    # --- admissions: the author speaks of their own names ---------------------------------------
    (
        # "I used to post as X", "Ron here, used to comment as X", "I normally post here as X"
        re.compile(
            r"(?:\bI(?:'ve| have)? |(?:^|[.,;:!?]\s*|\bhere,?\s+))(?:also |always |usually |normally |mostly |once |previously |formerly |originally |first )?"  # noqa: E501
            r"(?:used to |would |still |usually |normally )?" + _POST_VERBS + r" " + _AS + r"\s+(?P<name>.+)",
            re.I | re.M,
        ),
        ADMISSION,
        CLEAR,
        NAMED_ONLY,
    ),
    (
        # "X earlier was me", "I'm the same X from before", "I am same person like X"
        re.compile(
            r"\bI(?:'m|’m| am) (?:the )?(?:one|person|guy|poster|commenter) (?:who|that) (?:was |used to |also )?"
            + _POST_VERBS
            + r" "
            + _AS
            + r"\s+(?P<name>.+)",
            re.I,
        ),
        ADMISSION,
        OUTRIGHT,
    ),
    (
        re.compile(
            r"\bI(?:'m|’m| am) (?:the )?same (?:person |guy |one |poster |commenter )?(?:as |like )?(?P<name>.+)", re.I
        ),
        ADMISSION,
        WEAK,  # also "I'm the same age as..."; counts only with a name (see _NEEDS_NAME)
    ),
    (
        # "I used to be u/X", "I was X before", "I was X on this thread": only a known name or a handle
        re.compile(r"\bI (?:used to be|was|went by|was known as|used to go by|once was) (?P<name>.+)", re.I),
        ADMISSION,
        WEAK,  # counts only with a name (see _NEEDS_NAME)
    ),
    (
        re.compile(
            r"\bI(?:'m|’m| am| was) (?:the (?:one|poster|guy|person) )?(?:formerly|previously|once|the artist formerly known as)"  # noqa: E501
            r" (?:known as |posting as |called )?(?P<name>.+)",
            re.I,
        ),
        ADMISSION,
        CLEAR,
    ),
    (
        # "my old handle was X", "my main is u/X", "the old account was X"
        re.compile(
            r"\b(?:my|the) (?:old|former|previous|earlier|first|other|usual|main|real|regular|original) "
            + r"(?:(?:"
            + _NAME_WORDS
            + r"|one) )?(?:here |on here )?(?:was|is)\s+(?P<name>.+)",
            re.I,
        ),
        ADMISSION,
        CLEAR,
    ),
    (
        # "X is my old handle", "X is the name I use for..."
        re.compile(
            r"(?P<name>(?:[\w.'’/@-]+ ){0,2}[\w.'’/@-]+) (?:is|was) (?:my|the) (?:old |former |other |previous |usual |main )?"  # noqa: E501
            + _NAME_WORDS
            + r"(?: I (?:use|used|had|go by))?\b",
            re.I,
        ),
        ADMISSION,
        WEAK,  # counts only with a name (see _NEEDS_NAME); the rule gate already asks for " is my "...
    ),
    (
        # "this is my throwaway", "posting from my alt", "back on my own account", "on my wife's phone"
        re.compile(
            r"\b(?:this is|posting (?:from|on|with)|on|from|back on|back to|logged into|using) my "
            r"(?:[a-z]+(?:'s|’s) )?(?:own |main |usual |real |regular |old |new |other |second |work |spare |secret )?"
            r"(?:alt|throwaway|burner|sock|second account|other account|main account|own account|usual account|real account|old account|new account|account)\b",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        PROBABLE,
    ),
    (
        re.compile(r"\b(?:forgot|forget|wasn't|was not|wasn’t|not) (?:to )?log(?:ged)? ?(?:in|out)\b", re.I),
        ADMISSION,
        WEAK,
    ),
    (
        re.compile(
            r"\b(?:shows|showing|shows up|came up|comes up|posted) as (?:a |an )?(?:anonymous|unknown|guest)\b", re.I
        ),  # noqa: E501
        ADMISSION,
        SUGGESTIVE,
    ),
    (
        re.compile(
            r"\b(?:changed|switched|changing|switching|updated|updating|change|switch) (?:my |over )?(?:"
            + _NAME_WORDS
            + r")(?: here)?(?: from (?P<name>.+?))?(?: to\b|[.,;!]|$| because| since| after| so)",
            re.I | re.M,
        ),
        ADMISSION,
        CLEAR,
    ),
    (
        # "new name, same opinions", "new handle, same me", "different name, same guy"
        re.compile(r"\b(?:new|different|other) " + _NAME_WORDS + r",? (?:but )?(?:same|still) \w+", re.I),
        ADMISSION,
        CLEAR,
    ),
    (
        # "same guy, new name", "same Ron, new handle", "same person, different account"
        re.compile(
            r"\bsame [\w'’ ]{1,20}?,? (?:just |only |but )?(?:a )?(?:new|different|other) " + _NAME_WORDS + r"\b", re.I
        ),
        ADMISSION,
        CLEAR,
    ),
    (
        # "finally put my full name in", "signing with my actual name going forward", "posting under my own name now"
        re.compile(
            r"\b(?:put|putting|use|using|used|go(?:ing)? by|(?:post|comment|sign)(?:s|ed|ing)? (?:under|as|with)|(?:write|writes|writing|wrote) (?:under|as)|switch(?:ed|ing)? to|went with|go with)"  # noqa: E501
            r" my (?:real|full|own|actual|proper|first|legal|whole) (?:first )?(?:name|last name|surname)\b",
            re.I,
        ),
        ADMISSION,
        PROBABLE,
    ),
    (
        # "will post as X from now on", "just Phil from now on", "I go by X now"
        re.compile(
            r"\b(?:(?:will|I'll|I’ll|gonna|going to) (?:post|comment|go) (?:as|by|under)|I go by|call me|it'?s(?: just)?|just)"  # noqa: E501
            r" (?P<name>[^\n.,;!?]{1,30}?),? (?:from now on|going forward|from here on|now on|only from now)\b",
            re.I,
        ),
        ADMISSION,
        SUGGESTIVE,
    ),
    (
        # "Lou again, on my phone", "Kieran here, posting from my wife's account": the commenter names
        # themself by another author's name, beside words of signing in or devices
        re.compile(
            r"^\W*(?:(?:it's|it’s|it is|this is) (?P<other>[^\W\d_][^\n,.!?;:()]{0,28}?)[,.!:;—–-]|(?P<name>[^\W\d_][^\n,.!?;:()]{0,28}?) (?:here|again)\b(?! (?:is|was|has|had|and|said|says|makes|made|too)\b))",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        SUGGESTIVE,
        KNOWN_ONLY,
        ANOTHER_NAME,
        _ACCOUNT_CUE,
    ),
    (
        # "that was me above", "that's me up there": the comment answered was the commenter's own
        re.compile(
            r"\b(?:that|this|it)(?:'s|’s| was| is| were) (?:also |just |only |actually |all |really )?me,? (?:above|up there|earlier in th(?:e|is) thread)\b",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        PROBABLE,
        ABOUT_PARENT,
    ),
    (
        # "that was me as well, I wasn't logged in", "that was me on the work computer"
        re.compile(
            r"\b(?:that|this|it)(?:'s|’s| was| is| were) (?:also |just |only |actually |all |really )?me,? (?:too|as well|again|on|from|using|posting)\b",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        PROBABLE,
        _ACCOUNT_CUE,
        ABOUT_SIMILAR_PARENT,  # else names nobody: it may answer a call-out ("that was me on the work computer")
    ),
    (
        # "Pixel_Pusher_2 is me as well", "TheOldName was me": only an author of the run
        re.compile(
            r"(?P<name>(?:[\w.'’/@-]+ ){0,2}[\w.'’/@-]+) (?:is|was|are|were) (?:also |just |both |all |actually )?me\b",
            re.I,
        ),
        ADMISSION,
        PROBABLE,
        KNOWN_ONLY,
        ANOTHER_NAME,
        _gate(r" (?:is|was|are|were) (?:also |just |both |all |actually )?me\b"),
    ),
    (
        # "Same José as above", "same Ron from last week": only an author of the run
        re.compile(
            r"\bsame (?P<name>[^\W\d_][^\n,.;!?]{0,28}?) (?:as|from) (?:above|before|earlier|up there|the (?:comment|post) above|yesterday|last (?:week|time|night|month))\b",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        PROBABLE,
        KNOWN_ONLY,
    ),
    (
        # "I'll stick to Gordon Finch", "will post as Gordon from now": only an author of the run
        re.compile(
            r"\b(?:I'll|I’ll|I will|I'm going to|I’m going to|I'd better) (?:just |only )?(?:stick to|post as|post under|comment as|go by) (?:just )?(?P<name>[^\n.,;!?]{1,40})",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        SUGGESTIVE,
        KNOWN_ONLY,
        ANOTHER_NAME,
    ),
    (
        # "This is pixelpusher, new account", "it's Dana on a different login"
        re.compile(
            r"\b(?:this is|it's|it’s|it is) (?P<name>[^\n,.;!?]{1,30}?),? (?:on |with |from |using |in )?(?:a |my )?(?:new|different|second|another|other|fresh|spare|backup) (?:account|handle|login|profile|user ?name|screen ?name)\b",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        CLEAR,
        NAMED_ONLY,
        ANOTHER_NAME,
    ),
    (
        # "Alt because my boss reads this", "Throwaway account for obvious reasons": a comment opening
        # by declaring itself a second account
        re.compile(
            r"^\W*(?:an? |my )?(?:alt|throwaway|burner)(?: account)?\b(?: here)?[,.!:;]? (?:because|since|as|for|today|again|so|-|–|—)",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        PROBABLE,
    ),
    (
        # "typed my name wrong on the phone", "my name came out in small letters"
        re.compile(
            r"\b(?:(?:misspelled|misspelt|mistyped) my (?:own |user ?|screen |display )?name|(?:typed|spelled|spelt|put|entered) my (?:own |user ?|screen |display )?name (?:wrong|in wrong|incorrectly|differently|without)"  # noqa: E501
            r"|(?:my|the) (?:user ?|screen |display )?name (?:came out|comes out|shows up|showed up|appears|is showing|looks) (?:wrong|different|odd|in (?:small|lower|capital|all))|(?:my|the) name came out\b)",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        PROBABLE,
        ABOUT_SIMILAR_PARENT,
        _DEVICE_CUE,  # "my name came out wrong on the form" is about a form
    ),
    (
        re.compile(r"\bone (?:name|account|handle) only\b", re.I),
        ADMISSION,
        LOOSE,
    ),
    (
        # "sorry for the name change", "apologies about the new handle", "sorry for the confusion with names"
        re.compile(
            r"\b(?:sorry|apologies|apologize|excuse) (?:about|for) (?:the |my |that )?(?:new |old |double |changed? |switched? )?(?:"  # noqa: E501
            + _NAME_WORDS
            + r")(?: (?:change|switch|swap|thing|mix-?up|confusion|business|situation|problem))?\b",
            re.I,
        ),
        ADMISSION,
        PROBABLE,
    ),
    (re.compile(r"\bmy (?:" + _NAME_WORDS + r") (?:change|switch|swap|mix-?up)\b", re.I), ADMISSION, PROBABLE),
    (
        # "I'll come back under another name", "I'll just make a new account", "ban me, new accounts are free"
        re.compile(
            r"\b(?:I'll|I’ll|I will|I'd|I can|I could|just) (?:just |simply |happily )?(?:come back|be back|return|post|make|open|create|register|sign up|rejoin)"  # noqa: E501
            r" (?:again )?(?:under|as|with|a|another|new)? ?(?:a |an )?(?:new|another|different|other|fresh|second) (?:"
            + _NAME_WORDS
            + r")\b",
            re.I,
        ),
        ADMISSION,
        PROBABLE,
    ),
    (
        re.compile(
            r"\b(?:new|other|more) (?:accounts?|user ?names?|handles?) (?:are|is|cost) (?:free|nothing|easy)\b", re.I
        ),
        ADMISSION,
        PROBABLE,
    ),
    (
        re.compile(
            r"\b(?:this is|it's|its|it’s) (?:still )?(?:me|the same me)\b,? (?:under|with|on) (?:a )?(?:new|different|another) "  # noqa: E501
            + _NAME_WORDS,
            re.I,
        ),
        ADMISSION,
        CLEAR,
    ),
    (
        # a sign-off or aside giving the old name: "(formerly X)", "the artist formerly known as X", "aka X"
        re.compile(
            r"\b(?:formerly known as|formerly posting as|formerly|previously|once known as|f/k/a|fka)\s+(?P<name>[^)\n]+)\)",  # noqa: E501
            re.I,
        ),
        ADMISSION,
        CLEAR,
    ),
    (
        re.compile(r"\b(?:formerly known as|formerly posting as|f/k/a|fka)\s+(?P<name>.+)", re.I),
        ADMISSION,
        PROBABLE,
        NAMED_ONLY,
    ),
    (
        re.compile(r"\b(?:same (?:person|poster|guy|commenter) as)\s+(?P<name>.+)", re.I),
        ADMISSION,
        PROBABLE,
        NAMED_ONLY,
    ),
    # --- call-outs: someone tells a commenter they use several names ----------------------------
    (
        # "this is the second name you've used", "another handle for you today"
        re.compile(
            r"\b" + _NUMBER + r" (?:screen ?|user ?|display ?)?(?:name|handle|nick|account|alias|login)s?"
            r" (?:you(?:'ve|’ve| have)? (?:used|tried|had|posted (?:as|under|with))|you(?:'re|’re| are) (?:using|trying)|for you|from you|of yours)",  # noqa: E501
            re.I,
        ),
        CALLOUT,
        OUTRIGHT,
    ),
    (
        # "use one name", "one name per commenter", "pick one name and keep it", "stick to a single handle"
        re.compile(
            r"\b(?:(?:use|pick|choose|keep|stick (?:to|with)|post under) (?:just |only )?(?:one|a single|the same) (?:"
            + _NAME_WORDS
            + r")|one (?:"
            + _NAME_WORDS
            + r") (?:per|for each|a) (?:person|commenter|poster|user|reader|head))\b",
            re.I,
        ),
        CALLOUT,
        CLEAR,
        UNQUOTED,
    ),
    (re.compile(r"\bpick one (?:name |handle )?and (?:stick|keep) (?:with|to)? ?it\b", re.I), CALLOUT, PROBABLE),
    (re.compile(r"\b(?:stop|quit) (?:changing|switching|swapping) (?:your )?" + _NAME_WORDS, re.I), CALLOUT, CLEAR),
    (
        # "don't swap back and forth between names", "switching between two accounts"
        re.compile(
            r"\b(?:chang|switch|swapp|swap|alternat|flipp|flip)(?:e|es|ed|ing)? (?:back and forth |to and fro |around )?between (?:(?:your|two|several|different|multiple|the) )?(?:names|handles|accounts|aliases|user ?names|screen ?names|profiles|logins)\b",  # noqa: E501
            re.I,
        ),
        CALLOUT,
        PROBABLE,
    ),
    (
        # "didn't you used to post as X", "you used to go by X", "you were X last month"
        re.compile(
            r"\b(?:you|didn't you|didn’t you|did you not|don't you|weren't you|werent you) (?:also |once |previously |formerly |just |still )?(?:used? to |use |usually |would )?"  # noqa: E501
            + _POST_VERBS
            + r" "
            + _AS
            + r"\s+(?P<name>.+)",
            re.I,
        ),
        CALLOUT,
        OUTRIGHT,
        NAMED_ONLY,
    ),
    (
        re.compile(
            r"\b(?:you used to be|you were|weren't you|werent you|aren't you|arent you|so you're|so you are|is that you,?) (?:also |the same (?:person|guy) as |just )?(?P<name>.+?)(?:\?|$|\n| before| earlier| last| on | under| until)",  # noqa: E501
            re.I | re.M,
        ),
        CALLOUT,
        WEAKEST,  # counts only with a name (see _NEEDS_NAME)
    ),
    (
        re.compile(
            r"\byou(?:'re|’re| are| were) (?:obviously |clearly |really |just |also )?(?:the same (?:person|guy|poster|commenter|user) as )(?P<name>.+)",  # noqa: E501
            re.I,
        ),
        CALLOUT,
        CLEAR,
    ),
    (
        # "your previous account u/X", "your other handle", "your old account was banned"
        re.compile(
            r"\byour (?:previous|old|other|former|second|first|main|new|alt|last|banned) (?:"
            + _NAME_WORDS
            + r"|alt|sock)s?(?: (?:u/)?(?P<name>[\w.-]+\b))?",
            re.I,
        ),
        CALLOUT,
        PROBABLE,
    ),
    (
        re.compile(
            r"\b(?:ban[- ]?evasion|evad(?:e|ed|ing) (?:a|the|your|his|her|their) ban|get (?:a)?round (?:a|the|your) ban|dodg(?:e|ing) (?:a|the|your) ban"  # noqa: E501
            r"|alt(?:ernate)? accounts?|alts|multiple accounts|second account|sock ?puppet(?:s|ry|ing)?|several (?:names|accounts|handles)"  # noqa: E501
            r"|agreeing with yourself|replying to yourself|talking to yourself from)\b",
            re.I,
        ),
        CALLOUT,
        PROBABLE,
    ),
    (
        # "you've posted as both X and Y"
        re.compile(
            r"\b(?:posted|commented|written|appeared) (?:here |in this thread |on this (?:page|post|thread) )?(?:as|under) both (?P<name>.+?) and (?P<other>.{1,60})",  # noqa: E501
            re.I,
        ),
        STATEMENT,
        OUTRIGHT,
    ),
    (
        # "the new account with the same takes is X", "that other handle is obviously X"
        re.compile(
            r"\b(?:this|that|the|your) (?:new|other|second|alt|latest) (?:account|handle|name|profile|alias)\b[^.?!\n]{0,40}? (?:is|belongs to) (?:just |obviously |clearly |really )?(?P<name>.+)",  # noqa: E501
            re.I,
        ),
        CALLOUT,
        PROBABLE,
        NAMED_ONLY,
        KNOWN_OR_HANDLE,
    ),
    (
        # "welcome back, X": a name change only when X is another name than the one welcomed (see
        # NameChangeDetector); to someone returning under the same name it is a greeting.
        re.compile(r"\bwelcome back,? (?:@|u/)?(?P<name>.+)", re.I),
        CALLOUT,
        WEAKEST,  # counts only with a name (see _NEEDS_NAME)
    ),
    (
        # "I always wondered who X was", "so that's who X was"
        re.compile(
            r"\b(?:wondered|wonder|wondering|knew|guessed|figured|so that's|so that’s|so thats) (?:who (?P<name>.+?) (?:was|is|were)\b|where (?P<other>.+?) (?:went|had gone|has gone|got to|disappeared)\b)",  # noqa: E501
            re.I,
        ),
        CALLOUT,
        WEAK,  # counts only with a name (see _NEEDS_NAME)
    ),
    # --- statements: a list of names said to be one person --------------------------------------
    (
        # "we've merged 'A' and 'B' into one profile", "A and B were combined into a single account"
        re.compile(
            r"\b(?:merged|combined|joined) (?P<name>[^\n.;!?]{1,60}?) (?:and|with|&) (?P<other>[^\n.;!?]{1,60}?) (?:into (?:one|a single)|together)\b",  # noqa: E501
            re.I,
        ),
        STATEMENT,
        CLEAR,
        NAMES_IN_GROUPS,
    ),
    (
        re.compile(
            # `other` is bounded: an open ".+?" scanned from every " and " to the end of the text,
            # quadratic in a long comment (a 300 KB comment took minutes; issue #18).
            r"(?P<name>(?:[\w.'’/@-]+ ){0,2}[\w.'’/@-]+)(?:,| and| &| /|/| or) (?P<other>.{1,120}?):? (?:are|were|is|seem|look) (?:all |both |obviously |clearly |probably )?"  # noqa: E501
            r"(?:the same|one and the same|one|1) (?:person|poster|guy|commenter|user|account|individual|writer|troll|people)\b",  # noqa: E501
            re.I,
        ),
        STATEMENT,
        PROBABLE,
        _gate(r"\b(?:same|one|1) (?:person|poster|guy|commenter|user|account|individual|writer|troll|people)\b"),
    ),
    (
        # "Ron D and Reel Ron are the same angler": any word for the person, so only authors of the run
        re.compile(
            r"(?P<name>(?:[\w.'’/@-]+ ){0,2}[\w.'’/@-]+)(?:,| and| &| /|/| or) (?P<other>.{1,120}?):? (?:are|were) (?:all |both |obviously |clearly |probably )?"  # noqa: E501
            r"(?:the same|one and the same) [\w'’-]+",
            re.I,
        ),
        STATEMENT,
        PROBABLE,
        KNOWN_ONLY,
        _gate(r"\b(?:are|were) (?:all |both |obviously |clearly |probably )?(?:the same|one and the same) "),
    ),
    (
        # "X / Y: you're the same commenter"
        re.compile(
            r"^\W*(?P<name>(?:[\w.'’@-]+ ){0,2}[\w.'’@-]+) ?(?:/|and|&) ?(?P<other>(?:[\w.'’@-]+ ){0,2}[\w.'’@-]+)[:,] you(?:'re|’re| are) (?:both )?(?:the same|one) \w+",  # noqa: E501
            re.I | re.M,
        ),
        STATEMENT,
        CLEAR,
    ),
]

# Rules that mean a name change only when they name someone (a known author or a handle).
_NEEDS_NAME = WEAK

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
# Each rule's exact pre-check (rule_gate.py), and _KNOWN_ONLY's last: most comments hold none of the
# strings a rule needs.
_GATES = GateSet([rule[0] for rule in _RULES] + [_KNOWN_ONLY])
# Each rule as (pattern, kind, probability, marks, the marks that are cue patterns): a rule with no cue
# pattern skips the cue check, and the loop over every comment does not sort its marks again.
_CHECKED_RULES = [
    (pattern, kind, probability, marks, tuple(mark for mark in marks if isinstance(mark, re.Pattern)))
    for pattern, kind, probability, *marks in _RULES
]


@dataclass(frozen=True)
class NameChangeFinding:
    """What the rules read in one comment.

    `kind` says whom it concerns: ADMISSION the author, CALLOUT the parent's author (it answers
    them), any other kind the people it names.
    """

    kind: str
    probability: float
    names: tuple[str, ...] = field(default=())
    cue: str = ""


def read_name_change(
    text: str, known_names: dict[str, str] | None = None, *, addressee: str | None = None, author: str | None = None
) -> NameChangeFinding | None:
    """The strongest name-change reading of `text`, or None.

    known_names maps skeleton(name) -> the name as displayed, for every author of the run; names
    are matched against it first so "formerly Quiet Water" finds "QuietWater". `addressee` is the
    name the comment answers (its parent's author): "welcome back, X" is a name change only when X
    is another known name than the addressee's, and "that was me above" names it. `author` is the
    commenter's own name: "Lou again, on my phone" is a name change only under another name than Lou's.
    """
    known = known_names or {}
    best: NameChangeFinding | None = None
    possible = _GATES.may_match(text)
    for (pattern, kind, probability, marks, cues), may_match in zip(_CHECKED_RULES, possible[:-1], strict=True):
        if not may_match:
            continue  # it lacks every string of a set one of which each match of this rule contains
        if cues and not all(cue.search(text) for cue in cues):
            continue
        for match in pattern.finditer(text):
            needs_name = probability <= _NEEDS_NAME
            if UNQUOTED in marks and _inside_quotes(text, match.start()):
                continue  # the site's rule quoted ("per the rules: 'one account per person'"), not a call-out
            if kind == STATEMENT:
                names = (
                    _names_in(match, known, strict=False) if NAMES_IN_GROUPS in marks else _listed_names(match, known)
                )
                if KNOWN_ONLY in marks:
                    names = [name for name in names if skeleton(name) in known]
                if len(names) < 2:
                    continue
            elif ABOUT_PARENT in marks:
                names = [addressee] if addressee and (author is None or addressee != author) else []
            elif ABOUT_SIMILAR_PARENT in marks:
                names = [addressee] if _respelt(addressee, author) else []
            else:
                names = _names_in(
                    match, known, strict=KNOWN_ONLY in marks, handle_only=needs_name or KNOWN_OR_HANDLE in marks
                )
            if ANOTHER_NAME in marks:
                names = [name for name in names if author is None or name != " ".join(author.split())]
            if (needs_name or NAMED_ONLY in marks or KNOWN_ONLY in marks) and not names:
                continue  # a weak cue that names nobody is ordinary talk ("I was there", "I'm the same age")
            if pattern.pattern.startswith(r"\bwelcome back") and not _welcomes_other_name(names, addressee, known):
                continue
            finding = NameChangeFinding(
                _kind_for(kind, pattern, text), probability, tuple(names), match.group(0)[:CUE_CHARACTERS]
            )
            best = _stronger(best, finding)
    for match in _KNOWN_ONLY.finditer(text) if possible[-1] else ():
        names = _names_in(match, known, strict=True)
        if names:
            best = _stronger(
                best, NameChangeFinding(ADMISSION, PROBABLE, tuple(names), match.group(0)[:CUE_CHARACTERS])
            )
    if best is not None and best.kind == ADMISSION:
        intro = _SELF_INTRO.match(text)
        if intro:
            extra = _resolve_name(intro.group("name"), known, strict=True)
            if extra and extra not in best.names:
                best = NameChangeFinding(best.kind, best.probability, best.names + (extra,), best.cue)
    return best


_EITHER_WAY = (
    r"\bsame [\w'’ ]",
    r"\b(?:new|different|other) ",
    r"\bsame (?P<name>",
)  # "same guy, new name": said of oneself or another


def _respelt(addressee: str | None, author: str | None) -> bool:
    """The parent's name is the commenter's own written another way ("Marguerite" / "marguerite")."""
    if not addressee or not author or addressee == " ".join(author.split()):
        return False
    return name_similarity(addressee, author) >= SIMILAR_NAME


_QUOTE_OPENS = re.compile(r"(?:^|[\s:(\[])['‘]|“")
_QUOTE_CLOSES = re.compile(r"(?<=\S)['’](?=[\s.,;:!?)\]]|$)|”")


def _inside_quotes(text: str, position: int) -> bool:
    """Whether `position` lies inside a quotation opened earlier in its paragraph and not yet closed."""
    before = text[text.rfind("\n", 0, position) + 1 : position]
    if before.count('"') % 2:
        return True
    return len(_QUOTE_OPENS.findall(before)) > len(_QUOTE_CLOSES.findall(before))


def _kind_for(kind: str, pattern: re.Pattern[str], text: str) -> str:
    """ "Same guy, new name" is an admission in the first person, else a remark on the addressee."""
    if kind == ADMISSION and pattern.pattern.startswith(_EITHER_WAY) and not _FIRST_PERSON.search(text):
        return CALLOUT
    return kind


def _welcomes_other_name(names: list[str], addressee: str | None, known: dict[str, str]) -> bool:
    if addressee is None or not names:
        return False
    welcomed = names[0]
    return skeleton(welcomed) in known and skeleton(welcomed) != skeleton(addressee)


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


_LIST_SEPARATOR = re.compile(r"\s*(?:,|/|&|\band\b|\bor\b|\bplus\b)\s*", re.I)


def _listed_names(match: re.Match[str], known: dict[str, str]) -> list[str]:
    """The names of a list said to be one person ("A, B and C are all the same person"): the
    sentence up to the cue, split at commas, slashes and "and"; each piece a known name or a handle."""
    before = match.string[: match.end("other")]
    sentence = re.split(r"(?:[.!?;:]\s|\n)", before)[-1]
    names: list[str] = []
    for piece in _LIST_SEPARATOR.split(sentence):
        piece = re.sub(
            r"^(?:I think|I'm sure|I bet|pretty sure|clearly|obviously|also|both|so|yes|note)\b,?\s*",
            "",
            piece.strip(),
            flags=re.I,
        )
        name = _resolve_name(piece, known, strict=False, handle_only=True, whole=True)
        if name is None and len(piece.split()) > 1:
            name = _resolve_name(" ".join(piece.split()[-2:]), known, strict=True) or _resolve_name(
                piece.split()[-1], known, strict=False, handle_only=True
            )
        if name and name not in names:
            names.append(name)
    return names


def _names_in(match: re.Match[str], known: dict[str, str], *, strict: bool, handle_only: bool = False) -> list[str]:
    names = []
    for group in ("name", "other"):
        if group in match.re.groupindex and match.group(group):
            fragment = match.group(group)
            name = _resolve_name(fragment, known, strict=strict, handle_only=handle_only)
            if name is None and group == "name" and match.start(group) == match.start():
                # A name before the cue ("I think Bob and ..."): try its last words.
                name = _resolve_name(" ".join(fragment.split()[-2:]), known, strict=True) or _resolve_name(
                    fragment.split()[-1], known, strict=True
                )
            if name:
                names.append(name)
    return names


def _known_by_first_word(word: str, known: dict[str, str]) -> str | None:
    """The one known name whose first word is `word` ("Phil" for "Phil Garver"), if only one is."""
    folded = fold(word)
    if len(folded) < 3 or folded in _STOPWORDS:
        return None
    found = {name for name in known.values() if len(name.split()) > 1 and fold(name.split()[0]) == folded}
    return found.pop() if len(found) == 1 else None


def _strong_handle(word: str) -> bool:
    """A word only a screen name looks like: digits, an underscore, or a capital inside it (RedArmyRon)."""
    return bool(
        _HANDLE.match(word)
        and len(word) >= 3
        and ".." not in word
        and (any(ch.isdigit() for ch in word) or "_" in word or re.search(r"[a-z][A-Z]", word))
    )


def _resolve_name(
    fragment: str, known: dict[str, str], *, strict: bool, handle_only: bool = False, whole: bool = False
) -> str | None:
    """The name a fragment starts with: a known name first, else a handle-like word.

    handle_only takes an unknown word only when it looks like nothing but a handle; whole asks the
    fragment to be the name entirely (a list's piece)."""
    fragment = fragment.strip()
    fragment = re.sub(r"^(?:@|/?u/)", "", fragment)
    quoted = re.match(r"^[\"“‘']([^\"”’']{1,40})[\"”’']", fragment)
    if quoted:
        inner = quoted.group(1).strip()
        return known.get(skeleton(inner), inner)
    words = re.findall(r"[^\s,;:!?()\"“”]+", fragment.split("\n", 1)[0])[:4]
    words = [re.sub(r"^(?:@|/?u/)", "", w.rstrip(".'’")) or w for w in words]
    if whole and len(words) > 4:
        return None
    for count in range(len(words), 0, -1):
        candidate = " ".join(words[:count])
        found = known.get(skeleton(candidate))
        if found and skeleton(candidate):
            return found
    if words and (whole or len(words) == 1 or not words[1][:1].isupper()):
        by_first = _known_by_first_word(words[0], known)
        if by_first:
            return by_first
    if strict or not words:
        return None
    first = words[0]
    if handle_only:
        return first if _strong_handle(first) and fold(first) not in _STOPWORDS else None
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


# Things that get renamed: organisations, places, products, publications. "The shop has a new name" is
# news, not a commenter's name change, yet a classifier trained on name talk reads "new name" alike.
_THINGS = (
    r"(?:company|firm|brand|business|shop|store|chain|bank|club|team|ground|stadium|arena|venue|theatre|theater"
    r"|cinema|pub|bar|restaurant|cafe|café|brewery|dairy|nursery|garden cent(?:re|er)|school|college|university"
    r"|hospital|trust|council|agency|department|ministry|party|newsletter|paper|newspaper|magazine|channel|station"
    r"|line|route|road|street|bridge|park|building|cent(?:re|er)|mall|app|site|website|product|show|band|cup|league"
    r"|competition|tournament|festival|charity|operator|developer|airline|railway|service|scheme|programme|program"
    r"|bakery|butcher|market|supermarket|hotel|gym|salon|clinic|surgery|library|museum|gallery|airport|harbour"
    r"|marina|estate|farm|factory|hall|square|lane|avenue|district|ward|town|village|city|county|event|race)"
)
_THING_RENAMED = re.compile(
    r"\b(?:changed|changes|changing|change) its (?:name|brand)\b|\brenamed (?:itself|it)\b|\brebrand(?:s|ed|ing)?\b"
    r"|\b(?:is|was|were|been|being|got|gets|get|getting) renamed\b"
    r"|\b(?:the|our|this|that|their|its|my|your) (?:[\w'’-]+ ){0,2}"
    + _THINGS
    + r"s?\b[^.!?\n]{0,40}?\b(?:new|different) name\b",
    re.I,
)


def speaks_of_a_thing_renamed(text: str) -> bool:
    """Whether the text tells of an organisation, place or product renamed ("the shop has a new name",
    "the firm changed its name"): with no rule reading a commenter's name change, the classifier's
    name talk there is about the thing."""
    return bool(_THING_RENAMED.search(text))


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


# A closing mark: the tail a commenter signs comments with after a dash or tilde ("– hv", "~Jo"). A
# last sentence ("wake up people", "just my two cents") is not one: such phrases are everyone's.
CLOSING_MAX_WORDS = 4
_DASH_TAIL = re.compile(r"(?:^|\s)(?:--?|—|–|~)\s*(?P<mark>[^\W\d_][\w .'’-]{0,28}?)\W*$")


def closing_mark(text: str) -> str | None:
    """The mark a comment is signed with after a dash or tilde, folded ("hv", "jo"), or None.

    Unlike sign_off_name it takes initials and lower case ("-- hv") and a mark on the last line of
    text ("... God bless ~Jo"); never a bare closing word ("-- thanks")."""
    match = _DASH_TAIL.search(text.rstrip()[-120:])
    if not match:
        return None
    mark = " ".join(re.findall(r"[^\W_]+", fold(match.group("mark"))))
    words = mark.split()
    if not words or len(words) > CLOSING_MAX_WORDS or mark in _SIGN_OFF_WORDS or is_anonymous(mark):
        return None
    return mark
