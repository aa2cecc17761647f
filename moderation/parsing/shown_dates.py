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

# Tried, in this order, after the page's own language: the languages of the blogs we read, and those whose
# date-time glue `_GLUE` knows ("alle", "às", "om"). Three more cost 0.03 CPU s on a page that needs them.
FALLBACK_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")
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
        # Tried when the first cannot read a date; an English page falls back to the other blog languages.
        self._other_languages = self.languages[1:] or tuple(
            language for language in FALLBACK_LANGUAGES if language != self.languages[0]
        )
        self.zone = zone
        self._seen: dict[str, datetime | None] = {}
        self._fields_by_shape: dict[str, list[str]] = {}
        self._template_by_shape: dict[str, datetime] = {}
        self._hour_shift_by_shape: dict[str, int] = {}
        self._settings = {
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month", "year"],
            # No RETURN_AS_TIMEZONE_AWARE: a date naming its zone ("GMT+0200", "CET") keeps it, others are
            # naive and get the page's zone. Forcing naive dropped the named offset (16:02 GMT+0200 read as 16:02 UTC).
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
            stamp = self._by_shape(text)
            self._seen[text] = stamp if stamp is not None else self._parse(text)
        return self._seen[text]

    def _by_shape(self, text: str) -> datetime | None:
        """A date shaped like one already read ("May 3, 2021 at 9:50 am" after "May 1, 2021 at 7:05 am").

        dateparser costs milliseconds a string; a page of thousands of comments prints one or two
        shapes. The fields each number fills are learned from the first parse of the shape.
        """
        shape, numbers = _shape(text)
        fields = self._fields_by_shape.get(shape)
        if not fields:
            return None
        values = dict(zip(fields, numbers, strict=True))
        hour = values.get("hour")
        if hour is not None and hour > 23:
            return None
        shift = self._hour_shift_by_shape[shape]
        if hour == 12 and _TWELVE_HOUR.search(shape):
            hour, shift = (0, 0) if shift == 0 else (12, 0)  # "12:30 am" is 0:30, "12:30 pm" 12:30
        try:
            known = self._template_by_shape[shape]
            stamp = known.replace(
                year=values.get("year", known.year),
                month=values.get("month", known.month),
                day=values.get("day", known.day),
                hour=(hour + shift) if hour is not None else known.hour,
                minute=values.get("minute", known.minute),
            )
        except (ValueError, OverflowError):
            return None
        return stamp

    def _learn(self, text: str, stamp: datetime) -> None:
        shape, numbers = _shape(text)
        if shape in self._fields_by_shape or _WITH_SECONDS.search(text):
            return
        numeric_date = _NUMERIC_DATE.search(text)
        month_span = numeric_date.span() if numeric_date else (0, 0)
        in_numeric_date = [month_span[0] <= match.start() < month_span[1] for match in _NUMBER.finditer(text)]
        fields: list[str] = []
        # Seconds are left out: "9:00" would match minute and second alike; a shape with seconds is not learned.
        candidates = {"year": stamp.year, "month": stamp.month, "day": stamp.day, "minute": stamp.minute}
        shift = 0
        for number, dated in zip(numbers, in_numeric_date, strict=True):
            matching = [
                name
                for name, value in candidates.items()
                if value == number and name not in fields and (name != "month" or dated)  # a named month is a word
            ]
            if number in (stamp.hour, stamp.hour - 12) and "hour" not in fields:
                matching.append("hour")
            if matching == ["hour"] and number != 12:
                fields.append("hour")
                shift = stamp.hour - number
            elif len(matching) == 1 and matching != ["hour"]:
                fields.append(matching[0])
            else:
                return  # ambiguous (day 5 at 5:05): learned from a later date of this shape
        self._fields_by_shape[shape] = fields
        if fields:
            self._template_by_shape[shape] = stamp
            self._hour_shift_by_shape[shape] = shift

    def _parse(self, text: str) -> datetime | None:
        import dateparser  # imported on first use: it costs a fifth of a second at startup

        settings = dict(self._settings)
        if re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", text):
            settings["DATE_ORDER"] = "DMY"  # dotted numeric dates are day-first everywhere
        cleaned = re.sub(r"\s+@\s+", " ", text)
        stamp = self._parse_in_languages(dateparser, cleaned, settings)
        if stamp is None:
            # A theme's untranslated glue around a translated date ("14 junio, 2018 at 10:32 am",
            # "June 3, 2020 um 9:12 Uhr") is in no single language: read the date and time without it.
            unglued = _TIME_UNIT.sub("", _GLUE.sub(" ", _COMMA_YEAR.sub(r"\1.\2.\3", cleaned))).strip()
            if unglued != cleaned:
                stamp = self._parse_in_languages(dateparser, unglued, settings)
        if stamp is None:
            return None
        stamp = _fixed_offset(stamp) if stamp.tzinfo else localise(stamp, self.zone)
        self._learn(text, stamp)
        return stamp

    def _parse_in_languages(self, dateparser, text: str, settings: dict) -> datetime | None:
        # The page's own language alone first: one language is several times faster than four.
        # Never an empty list: dateparser reads `languages=[]` as "every locale it knows" (1.3 CPU s
        # to load them, on the first English page date that English cannot read).
        for languages in (self.languages[:1], self._other_languages):
            try:
                stamp = dateparser.parse(text, languages=list(languages), settings=settings)
            except (ValueError, OverflowError, TypeError, KeyError):
                stamp = None
            if stamp is not None:
                return stamp
        return None


# The word a byline puts between the date and the time, in the languages themes ship strings in.
_GLUE = re.compile(r"(?<=\d)\s+(?:at|um|à|a\s+las?|alle|om|às|kl\.?)\s+(?=\d)", re.IGNORECASE)
_TIME_UNIT = re.compile(r"\s+Uhr\W*$", re.IGNORECASE)
# A numeric day.month with the year after a comma ("18.07, 2011"), as some sites set WordPress's date format.
_COMMA_YEAR = re.compile(r"\b(\d{1,2})\.(\d{1,2}),\s+(\d{4})\b")
_NUMBER = re.compile(r"\d+")
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_WITH_SECONDS = re.compile(r"\d:\d\d:\d\d")
_TWELVE_HOUR = re.compile(r"\b[ap]\.?\s?m\b\.?", re.IGNORECASE)


def _fixed_offset(stamp: datetime) -> datetime:
    """dateparser's own zone object for a named offset as a plain UTC offset (shown as "+02:00", not its name)."""
    offset = stamp.utcoffset()
    return stamp.replace(tzinfo=timezone.utc if not offset else timezone(offset))


def _shape(text: str) -> tuple[str, list[int]]:
    """The text with its numbers as '#' (and how long each was), and the numbers."""
    numbers = [int(match) for match in _NUMBER.findall(text)]
    return _NUMBER.sub(lambda match: "#" * min(len(match.group(0)), 3), text), numbers


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
