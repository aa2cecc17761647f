"""The one name-change detector, read by the `username_change` flags of the report and by the linker.

Design: the rules (name_change_text) decide, because only they can say whose name changed and which
names it links; the classifier's `username_change` probability is one input. A comment's
name-change score is the larger of the two, and one threshold (the report's `username_change`
threshold, the model's own unless `--threshold` overrides it) turns it into a flag. So a comment the
report flags is the comment the linker reads as a name change, and no flag depends on which command
ran. Without a classifier (`moderate aliases`) the rules alone score, against RULES_ONLY_THRESHOLD.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from moderation.classify.model import scored_part
from moderation.identity.name_change_text import NameChangeFinding, read_name_change, speaks_of_a_thing_renamed
from moderation.identity.names import is_anonymous, skeleton
from moderation.thread import Comment, Thread

# The weakest rule's probability (a weak cue that must name someone): with no classifier every
# reading of the rules is a flag. Not fitted to any data.
RULES_ONLY_THRESHOLD = 0.5
# The classifier's probability for a comment telling of a thing renamed ("the club's ground has a new name")
# that no rule reads as a commenter's name change counts at most this: under every username_change
# threshold the built-in model has shipped (0.24-0.28), so such news is no flag unless --threshold asks for
# less. Our judgement after the s14 audit, where 5 of 8 false flags on our own threads were such news.
THING_RENAMED_CEILING = 0.1


@dataclass(frozen=True)
class NameChangeReading:
    """One comment as the detector reads it: its score and, when the rules read it, what they found."""

    score: float
    finding: NameChangeFinding | None

    def flagged(self, threshold: float) -> bool:
        return self.score >= threshold


NO_READING = NameChangeReading(0.0, None)  # an empty comment


def known_names(threads: Sequence[Thread]) -> dict[str, str]:
    """skeleton(name) -> the name as displayed, for every named author of the threads."""
    known: dict[str, str] = {}
    for thread in threads:
        for comment in thread.comments:
            if comment.author and not is_anonymous(comment.author):
                known.setdefault(skeleton(comment.author), comment.author)
    return known


def read_comment(
    comment: Comment, thread: Thread, known: dict[str, str], classifier_probability: float | None = None
) -> NameChangeReading:
    """The detector's reading of one comment (a long comment: its beginning, as the classifier sees it)."""
    parent = thread.parent(comment)
    addressee = parent.author if parent is not None and parent.author and not is_anonymous(parent.author) else None
    text = scored_part(comment.text)
    finding = read_name_change(text, known, addressee=addressee, author=comment.author)
    rule_score = finding.probability if finding is not None else 0.0
    classifier_score = float(classifier_probability or 0.0)
    if finding is None and classifier_score > THING_RENAMED_CEILING and speaks_of_a_thing_renamed(text):
        classifier_score = THING_RENAMED_CEILING
    return NameChangeReading(max(rule_score, classifier_score), finding)


def read_thread(thread: Thread, classifier_probabilities: Sequence[float] | None) -> list[NameChangeReading]:
    """The detector's reading of every comment of `thread`, in `thread.comments` order (the report
    reads a thread once and hands the readings to the linker)."""
    known = known_names([thread])
    return [
        read_comment(
            comment, thread, known, None if classifier_probabilities is None else classifier_probabilities[index]
        )
        if comment.text.strip()
        else NO_READING
        for index, comment in enumerate(thread.comments)
    ]
