"""A saved page's thread title is the article's own, not the tab's title with the site's name.

Pages here are written for the test, in our own words.
"""

from __future__ import annotations

import lxml.html
import pytest

from moderation.parsing import parse_bytes
from moderation.parsing.page_titles import page_title, without_site_name


def title_of(head: str, body: str = "") -> str | None:
    page = f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}<p>Text.</p></body></html>"
    return page_title(lxml.html.fromstring(page), "//h1[@class='entry-title']")


def test_og_title_before_the_tab_title():
    head = "<title>Ferry fares rise | Harbour Gazette</title><meta property='og:title' content='Ferry fares rise'>"
    assert title_of(head) == "Ferry fares rise"


def test_the_article_h1_before_the_tab_title():
    assert (
        title_of("<title>Ferry fares | Harbour Gazette</title>", "<article><h1>Ferry fares rise</h1></article>")
        == "Ferry fares rise"
    )
    assert title_of("<title>Ferry fares rise | Harbour Gazette</title>", "<article><h1>Fares</h1></article>") == "Fares"


def test_json_ld_headline_in_a_graph():
    head = (
        "<title>Ferry fares rise – Harbour Gazette</title><script type='application/ld+json'>"
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Harbour Gazette"},'
        ' {"@type": "NewsArticle", "headline": "Ferry fares rise again"}]}</script>'
    )
    assert title_of(head) == "Ferry fares rise again"


def test_broken_json_ld_is_passed_over():
    head = "<title>Ferry fares rise</title><script type='application/ld+json'>{not json</script>"
    assert title_of(head) == "Ferry fares rise"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # the site's name, known from the page, after or before a separator
        ("<title>Ferry fares rise | Harbour Gazette</title><meta property='og:site_name' content='Harbour Gazette'>",
         "Ferry fares rise"),
        ("<title>Harbour Gazette — Ferry fares rise</title><meta name='application-name' content='Harbour Gazette'>",
         "Ferry fares rise"),
        ("<meta property='og:title' content='Ferry fares rise - harbour gazette'>"
         "<meta property='og:site_name' content='Harbour Gazette'>", "Ferry fares rise"),
        # no site name on the page: nothing is guessed from the separator
        ("<title>Ferry fares rise | Harbour Gazette</title>", "Ferry fares rise | Harbour Gazette"),
        ("<title>Left – right: the ferry debate</title><meta property='og:site_name' content='Harbour Gazette'>",
         "Left – right: the ferry debate"),
        # a name that only ends the headline, with no separator, is the headline's own words
        ("<title>Letters to the Harbour Gazette</title><meta property='og:site_name' content='Harbour Gazette'>",
         "Letters to the Harbour Gazette"),
    ],
)  # fmt: skip
def test_site_name_cut_only_when_the_page_names_it(head, expected):
    assert title_of(head) == expected


def test_a_heading_that_is_the_site_name_is_passed_over():
    head = "<title>Harbour Gazette</title><meta property='og:site_name' content='Harbour Gazette'>"
    body = "<h1 class='entry-title'>Harbour Gazette</h1><article><h1>Ferry fares rise</h1></article>"
    assert title_of(head, body) == "Ferry fares rise"


def test_without_site_name_edges():
    assert without_site_name(None, "Site") is None
    assert without_site_name("Site", "site") is None
    assert without_site_name("  Story |  Site ", "Site") == "Story"
    assert without_site_name("Story\xa0time | The  Site", "The Site") == "Story\xa0time"
    assert without_site_name("Story | Site", None) == "Story | Site"


def test_a_drupal_page_reads_the_title_it_names():
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Pool hours | Westfield News</title>"
        "<meta property='og:site_name' content='Westfield News'>"
        "<meta name='Generator' content='Drupal 10 (https://www.drupal.org)'></head><body>"
        "<div class='field--name-body'><p>The pool opens at six.</p></div></body></html>"
    )
    (thread,) = parse_bytes(page.encode(), "drupal-html")
    assert thread.title == "Pool hours"
