"""Whether a block of a saved page belongs to the page's own discussion or to its chrome.

Sidebars list other posts' comments ("Latest comments" widgets) and related-post teasers carry a
name, a date, an excerpt and an "N comments" link each: they look like comments and counts, but
they are about other pages.
"""

from __future__ import annotations

import re

_ELSEWHERE_WORDS = re.compile(r"widget|sidebar|related|teaser|recent-?comments|latest-?comments|popular", re.I)
_ELSEWHERE_TAGS = frozenset(("aside", "nav"))


def outside_discussion(element) -> bool:
    """Whether `element` sits in (or is) a widget, a sidebar or a teaser list rather than the page's own content."""
    for node in (element, *element.iterancestors()):
        if node.tag in _ELSEWHERE_TAGS:
            return True
        if _ELSEWHERE_WORDS.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False
