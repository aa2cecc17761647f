"""What the two copied-page parsers share: indented lines, shown times, comment bodies, the article.

A page copied from a browser keeps little but indentation and a few fixed words, so both parsers
read it line by line; this module holds the pieces that do not depend on the blog engine.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

# Browsers copy some indentation as no-break spaces; tabs are rare and count as one level each.
_INDENT_CHARACTERS = " \t\u00a0\u2007\u202f"
_MAX_DATE_LINE = 80
# Between the date and the time: WordPress's "at", classic Blogger's bare space, a comma, or the
# localised "um"/"a las"/"à"/"alle"/"às"/"om"/"kl."/"o" of blogs in other languages, or the "@" of "F j, Y @ g:i a".
# A logged-in moderator's copy has the theme's edit link after the time: "9:12 am Edit", "9:12 am (Edit)".
_DATE_AT_TIME = re.compile(
    r"(?P<date>[^@]{4,50}?)(?:\s+(?:at|um|a las|à|alle|às|om|kl\.?|o|@)\s+|,?\s+)"
    r"(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?|\d{1,2}\s?h\s?\d{2}(?:\s?min)?)"
    r"(?:\s*(?:Uhr|h))?(?:\s*[·|-]?\s*(?P<link>[(\[])?(?:edit|reply|delete|bearbeiten|modifier|editar|modifica|bewerken)"
    r"(?(link)[)\]]))*",
    re.IGNORECASE,
)
_DOTTED_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
# French WordPress prints times as "10 h 15 min" (its default time format "G \h i \m\i\n").
_FRENCH_CLOCK = re.compile(r"(\d{1,2})\s?h\s?(\d{2})(?:\s?min)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageLine:
    """One line of the page: how far it is indented and what it says (stripped)."""

    number: int
    indent: int
    content: str

    @property
    def blank(self) -> bool:
        return not self.content


def page_lines(text: str) -> list[PageLine]:
    """Split decoded page text into lines (any line ending), measuring indentation."""
    lines = []
    for number, raw in enumerate(text.splitlines()):
        raw = raw.replace("\t", "  ").rstrip()
        content = raw.lstrip(_INDENT_CHARACTERS).strip()
        indent = len(raw) - len(raw.lstrip(_INDENT_CHARACTERS)) if content else 0
        lines.append(PageLine(number=number, indent=indent, content=content))
    return lines


def has_shown_time_shape(line: str) -> bool:
    """Whether the line is shaped like a shown date and time ("March 4, 2021 at 9:50 am"), without reading
    it: the cheap test for a byline's date line (parse_shown_time reads it)."""
    if len(line) > _MAX_DATE_LINE or not any(character.isdigit() for character in line):
        return False
    match = _DATE_AT_TIME.fullmatch(line.strip())
    return match is not None and re.search(r"\d", match.group("date")) is not None


def parse_shown_time(line: str, timezone: tzinfo, day_first: bool = False) -> datetime | None:
    """A shown date like "March 4, 2021 at 9:50 am" as an aware datetime, or None if it is not one.

    Pages print local time with no zone, so the site's zone (the caller's default) is attached. A slash
    date ("04/03/2024") is read day first when `day_first` (the caller knows the page's language writes
    dates so), else month first, as US English pages do.
    """
    if len(line) > _MAX_DATE_LINE or not any(character.isdigit() for character in line):
        return None
    match = _DATE_AT_TIME.fullmatch(line.strip())
    if match is None or not re.search(r"\d", match.group("date")):
        return None
    time_text = _FRENCH_CLOCK.sub(r"\1:\2", match.group("time"))
    if re.match(r"\d{1,2}\.\d{2}", time_text):
        time_text = time_text.replace(".", ":", 1)  # "9.50 pm" is a time, not a decimal
    from dateutil import parser as date_parser  # imported on first use: only text pages show dates so

    try:
        # A dotted numeric date is day first wherever it is written ("04.03.2024" is the 4th of March).
        day_first = day_first or _DOTTED_DATE.search(match.group("date")) is not None
        naive = date_parser.parse(f"{match.group('date')} {time_text}", fuzzy=False, dayfirst=day_first)
    except (ValueError, OverflowError, TypeError):
        # Month names in another language ("3 mars 2021", "7 de junho de 2023"): dateparser, as pages use;
        # then the languages only copied text is read in (a copy names no language), at no cost to the others.
        shown = f"{match.group('date')} {time_text}"
        return _date_reader(timezone).read(shown) or _date_reader(timezone, TEXT_ONLY_LANGUAGES).read(shown)
    if naive.tzinfo is not None:
        return naive
    localize = getattr(timezone, "localize", None)  # pytz zones need localize(), not replace()
    return localize(naive) if localize is not None else naive.replace(tzinfo=timezone)


# A relative date a theme prints instead of the date ("2 days ago", "vor 3 Tagen", "il y a 2 jours",
# "hace 5 horas", "3 giorni fa", "há 2 dias", "2 dagen geleden", "2 dni temu", "för 2 dagar sedan"): it marks
# a comment's byline, but dates nothing (the copy does not say when it was made).
_RELATIVE_DATE = re.compile(
    r"(?:(?:about|over|almost)\s+)?(?:\d{1,3}|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"
    r"|vor\s+(?:\d{1,3}|einer?|einem)\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)"
    r"|il\s+y\s+a\s+(?:\d{1,3}|une?)\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)"
    r"|hace\s+(?:\d{1,3}|una?)\s+(?:segundos?|minutos?|horas?|días?|semanas?|mes(?:es)?|años?)"
    r"|(?:\d{1,3}|una?)\s+(?:secondi|minuti|ore|giorni|settimane|mesi|anni|ora|giorno|mese|anno)\s+fa"
    r"|há\s+(?:\d{1,3}|uma?)\s+(?:segundos?|minutos?|horas?|dias?|semanas?|m[eê]s(?:es)?|anos?)"
    r"|(?:\d{1,3}|een)\s+(?:seconden?|minuten?|uur|dagen?|weken?|maanden?|jaar|jaren)\s+geleden"
    # Polish "2 dni temu", Swedish "för 2 dagar sedan".
    r"|(?:\d{1,3}|jeden|jedną)\s+(?:sekund[ay]?|minut[ay]?|godzin[ay]?|dni|dzień|tydzień|tygodni(?:e)?|miesiąc"
    r"|miesiące|miesięcy|rok|lata|lat)\s+temu"
    r"|för\s+(?:\d{1,3}|en|ett)\s+(?:sekunder?|minuter?|timm(?:e|ar)|dag(?:ar)?|veck(?:a|or)|månad(?:er)?|år)\s+sedan"
    # Mobile themes' short ages: "2h", "35m", "3d ago", "1w", "2y".
    r"|\d{1,3}\s?(?:s|m|min|h|hr|hrs|d|w|wk|mo|y|yr)(?:\s+ago)?"
    # Days named, not dated: "Yesterday", "Today at 9:12 am", "just now", in the same languages.
    r"|(?:just now|yesterday|today|gestern|heute|hier|aujourd'hui|ayer|hoy|ieri|oggi|ontem|hoje|gisteren|vandaag"
    r"|wczoraj|dzisiaj|dziś|igår|idag)"
    r"(?:,?\s+(?:at|um|à|a las|alle|às|om|o|kl\.?)\s+\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)


def is_relative_date(line: str) -> bool:
    """Whether the line is only a relative date ("3 hours ago", "vor 2 Tagen")."""
    return len(line) <= _MAX_DATE_LINE and _RELATIVE_DATE.fullmatch(line.strip()) is not None


# Languages of copied comment sections read past the blog languages saved pages use (shown_dates'
# FALLBACK_LANGUAGES): Polish ("3 marca 2024 o 09:12") and Swedish ("12 maj 2024 kl. 08:14").
TEXT_ONLY_LANGUAGES = ("pl", "sv")


@functools.lru_cache(maxsize=8)
def _date_reader(zone: tzinfo, languages: tuple[str, ...] | None = None):
    """One reader of localised dates per zone (and languages), so each date shape of a long page is parsed once."""
    from moderation.parsing.shown_dates import FALLBACK_LANGUAGES, DateReader

    return DateReader(languages or FALLBACK_LANGUAGES, zone)


def join_body(lines: list[str]) -> str:
    """Stripped body lines to comment text: blank-line runs become one paragraph break."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(paragraph) for paragraph in paragraphs if paragraph)


def article_parts(lines: list[PageLine]) -> tuple[str | None, str | None]:
    """The page's title (its first non-empty line) and the article text after it."""
    for position, line in enumerate(lines):
        if not line.blank:
            body = join_body([later.content for later in lines[position + 1 :]])
            return line.content, body or None
    return None, None


_NUMBER_WORDS = {
    "no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_COUNT_HEADER = re.compile(
    r"(?P<count>\d{1,3}(?:[,.]\d{3})+|\d{1,7}|[a-z]+)\s+(?:comments?|repl(?:y|ies)|responses?|thoughts?)"
    r"(?:\s+(?:on|to|for)\b.{0,300})?:?",
    re.IGNORECASE,
)
_COUNT_IN_BRACKETS = re.compile(r"(?:comments?|repl(?:y|ies)|responses?)\s*\((?P<count>\d{1,6})\)", re.IGNORECASE)


def declared_count(line: str) -> int | None:
    """The number in a comment-count header ("44 replies", "One response to “X”"), else None."""
    if len(line) > 400:
        return None
    match = _COUNT_HEADER.fullmatch(line) or _COUNT_IN_BRACKETS.fullmatch(line)
    if match is None:
        return None
    count = match.group("count").replace(",", "").replace(".", "")
    if count.isdigit():
        return int(count)
    return _NUMBER_WORDS.get(count.casefold())
