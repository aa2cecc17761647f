"""The Movable Type / TypePad export: entries of sections, comments and pings read flat, local dates."""

from __future__ import annotations

from datetime import timedelta, timezone

from moderation.parsing import ParseOptions, detect_format, movable_type, parse_bytes
from moderation.parsing.source import Source

EXPORT = (
    b"TITLE: Pier reopens\nDATE: 01/02/2010 01:30:00 PM\n-----\nBODY:\nOpen again.\n-----\n"
    b"COMMENT:\nAUTHOR: Wyn\nDATE: 01/02/2010 02:00:00 PM\nAt last.\n-----\n--------\n"
)


def test_detected_and_dates_read_in_the_zone_given():
    assert detect_format(Source.from_bytes(EXPORT)) == "movable-type"
    zone = timezone(timedelta(hours=-5))
    (thread,) = parse_bytes(EXPORT, options=ParseOptions(default_timezone=zone))
    (comment,) = thread.comments
    assert (thread.title, comment.author, comment.text) == ("Pier reopens", "Wyn", "At last.")
    assert comment.posted_at.isoformat() == "2010-01-02T14:00:00-05:00"


def test_a_page_opening_with_a_title_line_is_not_an_export():
    page = b"TITLE: Notes from the pier\nWe walked the length of it at dawn.\n-----\nMore notes.\n"
    assert movable_type.sniff(Source.from_bytes(page)) == 0
