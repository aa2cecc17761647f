"""Dates a page shows as text ("19. Juni 2018 um 15:28 Uhr", "26 abril 2022 a las 14:02"), read with dateparser.

Machine-readable times (datetime attributes, ISO titles, epochs) are read by the parsers and win;
this is the fallback for themes that print only words. dateparser knows the month names and
connecting words ("um", "a las", "à", "@") of every language we meet; the page's `<html lang>`
picks the language and the day/month order. Each distinct string is parsed once per page.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from moderation.parsing.html_text import iso_time, localise

# Tried, in this order, after the page's own language: the languages of the blogs we read.
FALLBACK_LANGUAGES = ("en", "de", "fr", "es")
# Day-first unless the page is in English (US-style "03/10/2017" is month first there).
_MONTH_FIRST_LANGUAGES = frozenset(("en",))
# A shown date must carry a year (or a dd.mm.yy): "3 hours ago" or a bare "15:28" dates nothing.
_HAS_YEAR = re.compile(r"\d{4}|\b\d{1,2}[./]\d{1,2}[./]\d{2}\b")
_MAX_DATE_TEXT = 80  # longer strings are sentences, not bylines
_LANG = re.compile(r"^[a-z]{2}", re.IGNORECASE)


class DateReader:
    """Read shown dates in one page's languages and zone; remembers every string it has seen."""

    def __init__(self, languages: tuple[str, ...], zone: tzinfo) -> None:
        # A page that states its language shows its dates in it (or in English, the themes' default).
        self.languages = tuple(dict.fromkeys(languages + ("en",))) if languages else FALLBACK_LANGUAGES
        self.zone = zone
        self._seen: dict[str, datetime | None] = {}
        self._settings = {
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
            # Shown bylines are absolute dates; the relative-date parser ("3 hours ago") costs half the time.
            "PARSERS": ["absolute-time"],
            "DATE_ORDER": "MDY" if self.languages[0] in _MONTH_FIRST_LANGUAGES else "DMY",
        }

    def read(self, text: str | None) -> datetime | None:
        """The datetime `text` shows, in the page's zone unless it names one; None if it is no date."""
        if not text:
            return None
        text = " ".join(text.split())
        if len(text) > _MAX_DATE_TEXT or not _HAS_YEAR.search(text):
            return None
        if text not in self._seen:
            self._seen[text] = self._parse(text)
        return self._seen[text]

    def _parse(self, text: str) -> datetime | None:
        import dateparser  # imported on first use: it costs a fifth of a second at startup

        settings = dict(self._settings)
        if re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", text):
            settings["DATE_ORDER"] = "DMY"  # dotted numeric dates are day-first everywhere
        cleaned = re.sub(r"\s+@\s+", " ", text)
        stamp = None
        # The page's own language alone first: one language is several times faster than four.
        for languages in (self.languages[:1], self.languages[1:]):
            try:
                stamp = dateparser.parse(cleaned, languages=list(languages), settings=settings)
            except (ValueError, OverflowError, TypeError, KeyError):
                stamp = None
            if stamp is not None:
                break
        if stamp is None:
            return None
        return stamp if stamp.tzinfo else localise(stamp, self.zone)


def page_languages(document) -> tuple[str, ...]:
    """The page's language from <html lang> or og:locale ("de-DE" -> "de"), if it states one."""
    values = document.xpath("/html/@lang | //meta[@property='og:locale']/@content | //html/@xml:lang")
    for value in values:
        match = _LANG.match(str(value).strip())
        if match:
            return (match.group(0).lower(),)
    return ()


def page_zone(document, default: tzinfo) -> tzinfo:
    """The UTC offset the page states for its own times (article:published_time, <time datetime>), else `default`."""
    candidates = document.xpath(
        "//meta[@property='article:published_time' or @property='article:modified_time']/@content | //time/@datetime"
    )
    for value in candidates[:20]:
        stamp = iso_time(str(value), timezone.utc) if re.search(r"(?:[+-]\d\d:?\d\d|Z)$", str(value).strip()) else None
        if stamp is not None and stamp.utcoffset() is not None:
            offset = stamp.utcoffset()
            return timezone(offset) if offset != timedelta(0) else timezone.utc
    return default
