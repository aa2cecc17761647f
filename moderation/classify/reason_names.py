"""How named reasons are spelled: shared by the features that name them and the reports that mark them.

Kept free of numpy and scikit-learn so that a report renderer can import it cheaply.
"""

AIMED_AT_YOU = " aimed at you"  # ends a targeting reason that names its words: "idiot, moron aimed at you"
PROFANE_WORDS = " (profanity)"  # ends the profanity feature's reason, naming its words: "prat, idiot (profanity)"
VIOLENCE_NAMED = " (violence)"  # ends it instead when every word it names is a threat word: "kill (violence)"
# Every ending of a reason that names words of the comment, which the reports mark in its text.
NAMED_ENDINGS = (AIMED_AT_YOU, PROFANE_WORDS, VIOLENCE_NAMED)
# A contribution that counts in the score but names nothing a moderator can act on: never listed (an empty
# reason is no reason, explain._shown), as the aimed word-weight column is when its word is ordinary.
NOT_SHOWN = ""
