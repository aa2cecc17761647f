"""Comments a page showed cut short: a long comment ends at "… See more" (Facebook), a "Read more" or
"Show more" line (Disqus, themes, news sites' own comment systems) until the reader clicks it. A copy
holds only the shown part, and the button's words are no part of what the commenter wrote.

The text readers drop the button and say how many comments were cut: a moderator must know that the
rest of such a comment, an insult perhaps, is not in the dump. The comments themselves are all there,
so the thread is not marked incomplete for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from moderation.plurals import counted, noun_for
from moderation.thread import Comment, Thread

# Buttons that open a cut comment, in the languages the date readers know (en, de, fr, es, it, pt, nl, pl, sv).
_BUTTONS = (
    r"read more|show more|see more|view more|expand"
    r"|weiterlesen|mehr anzeigen|mehr lesen|lire la suite|voir plus|afficher plus|afficher la suite"
    r"|leer más|ver más|mostrar más|leggi tutto|leggi di più|mostra altro|ler mais|ver mais|mostrar mais"
    r"|lees meer|meer weergeven|toon meer|czytaj więcej|pokaż więcej|zobacz więcej|läs mer|visa mer"
)
# After an ellipsis on the text's own last line, the short forms too ("…more", "… mehr").
_SHORT_BUTTONS = r"more|mehr|plus|más|altro|mais|meer|więcej|mer"
_BUTTON_LINE = re.compile(rf"\n[ \t]*(?:{_BUTTONS})[ \t]*(?:›|»|→|\.\.\.|…)?[ \t]*$", re.IGNORECASE)
_ELLIPSIS_BUTTON = re.compile(rf"(?:(?<=…)|(?<=\.\.\.))[ \t]*(?:{_BUTTONS}|{_SHORT_BUTTONS})[ \t]*$", re.IGNORECASE)
_TAIL_CHARS = 40  # the longest button with its ellipsis and spaces fits in this many closing characters


def trim_cut_offs(comments: Sequence[Comment], thread: Thread) -> None:
    """Drop a closing "Read more"/"… See more" button from each comment's text; warn once how many."""
    cut = 0
    button = ""
    for comment in comments:
        text = comment.text
        if not text:
            continue
        tail = text[-_TAIL_CHARS:]
        match = _BUTTON_LINE.search(tail) or _ELLIPSIS_BUTTON.search(tail)
        if match is None:
            continue
        kept = text[: len(text) - len(tail) + match.start()].rstrip()
        if not kept:
            continue  # a comment whose whole text is "See more" said it
        comment.text = kept
        button = button or match.group().strip()
        cut += 1
    if cut:
        thread.warnings.append(
            f"{counted(cut, 'comment')} {noun_for(cut, 'was', 'were')} cut short by the page ('{button}'): "
            f"the rest of {noun_for(cut, 'its', 'their')} text is not in this dump"
        )
