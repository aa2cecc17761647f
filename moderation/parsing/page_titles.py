"""A saved page's article title: the article's own heading or metadata before the tab's `<title>`.

A page's `<title>` usually carries the site's name ("Headline | The Daily Example"), and so may
og:title. The site name is cut off only where the page names its site (og:site_name,
application-name) and a separator stands between the two: never by guessing that whatever follows
a "|" or a dash is a site's name (headlines have dashes too). A heading that is only the site's
name (a theme's logo in an h1) is not the article's title.
"""

from __future__ import annotations

import json
import re

from moderation.parsing.html_text import first_text, meta_content

# The article's title, most specific first, after the reader's own heading.
_ARTICLE_HEADING_XPATH = "//article//h1 | //*[@itemprop='headline']"
_LD_JSON_XPATH = "//script[@type='application/ld+json']"
_SITE_NAME_META = ("og:site_name", "application-name")
# What stands between a headline and the site's name ("|", "-", "–", "—", ":", "·", "•", "»", "/").
_SEPARATOR = r"\s*[|\-–—:·•»«/]+\s*"
_MAX_LD_SCRIPT = 200_000  # a page's article data is a few kB; a bigger script is not read for a title


def page_title(document, heading_xpath: str) -> str | None:
    """The first of the reader's heading, og:title, the article's h1, JSON-LD's headline, twitter:title
    and `<title>` that is more than the site's name, with the site's name cut off."""
    site = _site_name(document)
    candidates = (
        lambda: first_text(document.xpath(heading_xpath)),
        lambda: meta_content(document, "og:title"),
        lambda: first_text(document.xpath(_ARTICLE_HEADING_XPATH)),
        lambda: _ld_headline(document),
        lambda: meta_content(document, "twitter:title"),
        lambda: first_text(document.xpath("//title")),
    )
    for candidate in candidates:
        title = without_site_name(candidate(), site)
        if title:
            return title
    return None


def page_title_and_url(document, heading_xpath: str) -> tuple[str | None, str | None]:
    """The article's title (`page_title`) and canonical address."""
    url = None
    for link in document.xpath("//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            url = link.get("href").strip() or None
            break
    return page_title(document, heading_xpath), url or meta_content(document, "og:url")


def _site_name(document) -> str | None:
    for name in _SITE_NAME_META:
        site = meta_content(document, name)
        if site:
            return " ".join(site.split())
    return None


def without_site_name(title: str | None, site: str | None) -> str | None:
    """`title` without a known site name at its end or start (with a separator between); None when it
    is the site's name alone."""
    if not title or not title.strip():
        return None
    title = title.strip()  # inner spacing kept as the page has it (a no-break space stays)
    if not site:
        return title
    if " ".join(title.split()).casefold() == site.casefold():
        return None
    escaped = r"\s+".join(re.escape(word) for word in site.split())
    for pattern in (rf"^(?P<rest>.*?\S){_SEPARATOR}{escaped}$", rf"^{escaped}{_SEPARATOR}(?P<rest>\S.*)$"):
        match = re.match(pattern, title, re.IGNORECASE | re.DOTALL)
        if match:
            return match.group("rest")
    return title


def _ld_headline(document) -> str | None:
    """The first `headline` in the page's JSON-LD data (its nodes, @graph, mainEntity)."""
    for script in document.xpath(_LD_JSON_XPATH):
        text = script.text or ""
        if len(text) > _MAX_LD_SCRIPT:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        headline = _find_headline(data)
        if headline:
            return headline
    return None


def _find_headline(data, depth: int = 0) -> str | None:
    if depth > 4:  # @graph, a list of nodes, their mainEntity: deeper is no article's own title
        return None
    if isinstance(data, list):
        return next((found for item in data if (found := _find_headline(item, depth + 1))), None)
    if not isinstance(data, dict):
        return None
    headline = data.get("headline")
    if isinstance(headline, str) and headline.strip():
        return headline
    for key in ("@graph", "mainEntity", "mainEntityOfPage"):
        if key in data:
            found = _find_headline(data[key], depth + 1)
            if found:
                return found
    return None
