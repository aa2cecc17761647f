"""Saved pages that are not the article: refused in one line rather than read as "0 comments".

A page saved before it loaded (an empty body) or saved from a bot check that stood in front of the
article (Cloudflare's "Just a moment...", other firewalls' interstitials) holds no comments because
it holds no page; reading it as an article with none is an all-clear for a thread nobody saw.
"""

from __future__ import annotations

import re

from moderation.errors import ParseError
from moderation.parsing.html_text import html_to_text
from moderation.thread import Thread

# The fixed wording of the interstitials common bot checks and firewalls serve instead of a page
# (Cloudflare, Sucuri, DDoS-Guard, hCaptcha/reCAPTCHA walls), matched in the title or a heading.
_BOT_CHECK = re.compile(
    r"just a moment\.\.\.|attention required!? \| cloudflare|checking (?:if the site connection is secure|your browser"
    r" before accessing)|verify(?:ing)? you are (?:a )?human|enable javascript and cookies to continue"
    r"|access denied - sucuri website firewall|ddos-guard|are you a robot\??",
    re.IGNORECASE,
)
# A bot check is a short page: an article that quotes one of those phrases is longer than this.
_MAX_BOT_CHECK_TEXT = 1500


def refuse_unreadable_page(thread: Thread, document) -> None:
    """ParseError for a page with no comments that is empty or a bot check; nothing for any other page."""
    if thread.comments:
        return
    body = document.find("body")
    text = html_to_text(body) if body is not None else ""
    if not text:  # a title alone is the shell a script fills: "<div id=root>" saved before it ran
        raise ParseError("an HTML page with no text (saved before it loaded?): not a comment dump")
    headings = " ".join(
        [thread.title or "", *(" ".join(h.text_content().split()) for h in document.xpath("//h1 | //h2")[:4])]
    )
    if len(text) <= _MAX_BOT_CHECK_TEXT and _BOT_CHECK.search(f"{headings}\n{text}"):
        raise ParseError(
            "a bot-check page saved instead of the article (the site's firewall answered): "
            "save it again once the article shows"
        )
