"""What every saved-page parser reads first: the page, its thread (id, title, address, declared count)
and a date reader in the page's own languages and zone."""

from __future__ import annotations

from moderation.parsing.declared_counts import declared_count
from moderation.parsing.html_text import read_page
from moderation.parsing.page_titles import page_title_and_url
from moderation.parsing.plain_page import page_thread_id
from moderation.parsing.shown_dates import DateReader, page_languages, page_zone
from moderation.thread import Thread


def start_page(source, options, title_xpath: str):
    """(document, thread, dates) for a saved page; the thread's title is the first `title_xpath` heading."""
    document = read_page(source)
    thread = Thread(id=page_thread_id(source))
    thread.title, thread.url = page_title_and_url(document, title_xpath)
    thread.declared_comment_count = declared_count(document)
    dates = DateReader(page_languages(document), page_zone(document, options.default_timezone))
    return document, thread, dates
