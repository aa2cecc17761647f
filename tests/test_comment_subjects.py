"""A comment's subject line (SPIP, Drupal) is part of its text unless the engine wrote it.

Pages here are written for the test, in our own words, with the engines' markup.
"""

from __future__ import annotations

import pytest

from moderation.parsing import parse_bytes
from moderation.parsing.comment_subjects import is_filler, with_subject

SPIP_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bike lanes on Elm Road</title>
<meta name="generator" content="SPIP 4.1"></head><body>
<h1>Bike lanes on Elm Road</h1><div class="texte"><p>The council voted on Monday.</p></div>
<ul class="forum">
<li class="forum-fil"><div class="forum-message">
 <div class="forum-chapo">
 <strong class="forum-titre"><a href="#forum71" id="forum71">What a bunch of clowns</a></strong>
 <small>12 May 2022 10:00, by <span class="vcard author"><strong class="fn">Petra</strong></span></small></div>
 <div class="forum-texte"><p>I read the minutes twice.</p></div></div>
 <ul><li class="forum-fil"><div class="forum-message">
  <div class="forum-chapo">
 <strong class="forum-titre"><a href="#forum72" id="forum72">Re: What a bunch of clowns</a></strong>
  <small>12 May 2022 11:00, by <span class="vcard author"><strong class="fn">Omar</strong></span></small></div>
  <div class="forum-texte"><p>They did listen to the cyclists.</p></div></div></li></ul>
</li>
<li class="forum-fil"><div class="forum-message">
 <div class="forum-chapo">
 <strong class="forum-titre"><a href="#forum73" id="forum73">Bike lanes on Elm Road</a></strong>
 <small>13 May 2022 09:00, by <span class="vcard author"><strong class="fn">Lin</strong></span></small></div>
 <div class="forum-texte"><p>Finally some paint on the road.</p></div></div></li>
</ul></body></html>"""

DRUPAL_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Pool hours | Westfield News</title>
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)"></head><body>
<h1>Pool hours</h1><div class="field--name-body"><p>The pool opens at six.</p></div>
<section class="comment-wrapper" id="comments">
<article data-comment-user-id="0" id="comment-11" class="comment js-comment">
 <footer class="comment__meta"><p class="comment__author"><span>Dana</span></p>
 <p class="comment__time"><time datetime="2023-06-01T08:00:00Z">Thu, 06/01/2023 - 08:00</time></p></footer>
 <div class="comment__content"><h3><a href="/comment/11#comment-11" hreflang="en">Pool staff are morons</a></h3>
 <div class="field--name-comment-body"><p>The lanes were closed again at noon.</p></div></div>
</article>
<div class="indented">
<article data-comment-user-id="0" id="comment-12" class="comment js-comment">
 <footer class="comment__meta"><p class="comment__author"><span>Ravi</span></p>
 <p class="comment__time"><time datetime="2023-06-01T09:00:00Z">Thu, 06/01/2023 - 09:00</time></p></footer>
 <div class="comment__content"><h3><a href="/comment/12#comment-12" hreflang="en">They reopened them at one…</a></h3>
 <div class="field--name-comment-body"><p>They reopened them at one o'clock, after the cleaning.</p></div></div>
</article>
</div>
</section></body></html>"""


def texts(page: str, format_name: str) -> dict[str, str]:
    (thread,) = parse_bytes(page.encode(), format_name)
    return {comment.author: comment.text for comment in thread.comments}


def test_spip_subject_written_by_the_commenter_is_the_first_line():
    shown = texts(SPIP_PAGE, "spip-html")
    assert shown["Petra"] == "What a bunch of clowns\nI read the minutes twice."


def test_spip_subjects_the_form_offered_are_left_out():
    shown = texts(SPIP_PAGE, "spip-html")
    assert shown["Omar"] == "They did listen to the cyclists."  # "Re: " + the parent's subject
    assert shown["Lin"] == "Finally some paint on the road."  # the article's title


def test_drupal_subject_heading_is_read_once():
    shown = texts(DRUPAL_PAGE, "drupal-html")
    assert shown["Dana"] == "Pool staff are morons\nThe lanes were closed again at noon."
    # Drupal's default subject, the body's first words cut with an ellipsis, is not doubled.
    assert shown["Ravi"] == "They reopened them at one o'clock, after the cleaning."


def test_a_subject_of_the_rdfa_kind_is_kept_out_of_the_body():
    page = DRUPAL_PAGE.replace("<h3><a", '<h3 property="schema:name" datatype=""><a')
    assert texts(page, "drupal-html")["Dana"].count("morons") == 1


@pytest.mark.parametrize(
    ("subject", "text", "offered", "filler"),
    [
        ("Great point", "Great point, and a fair one.", (), True),
        ("great  POINT...", "Great point, and a fair one.", (), True),
        ("RE: Parking", "Agreed.", ("Parking",), True),
        ("Re[2]: Parking", "Agreed.", (None, "Parking"), True),
        ("   ", "Agreed.", (), True),
        ("You fool", "Agreed.", ("Parking",), False),
        ("Parking fees", "Agreed.", ("Parking",), False),
    ],
)
def test_what_counts_as_filler(subject, text, offered, filler):
    assert is_filler(subject, text, offered) is filler


def test_with_subject_on_an_empty_body():
    assert with_subject("Shame on you", "") == "Shame on you"
    assert with_subject(None, "Body") == "Body"
