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
    return any(is_elsewhere(node) for node in (element, *element.iterancestors()))


def is_elsewhere(element) -> bool:
    """Whether `element` itself is a widget, a sidebar, navigation or a teaser list (its ancestors not asked)."""
    if element.tag in _ELSEWHERE_TAGS:
        return True
    return bool(_ELSEWHERE_WORDS.search(f"{element.get('class') or ''} {element.get('id') or ''}"))
