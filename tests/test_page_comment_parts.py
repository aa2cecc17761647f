"""Saved pages of many themes and engines: shown dates, declared counts, bylines, the generic detector.

Pages here are written for the test (invented names and text); the real pages are read in place by
the slow tests at the end.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html import escape

import lxml.html
import pytest
from conftest import SHARED, require_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.parsing import detect_format, parse_bytes, parse_path
from moderation.parsing.comment_parts import clean_author, is_button_label
from moderation.parsing.declared_counts import count_in_text, declared_count
from moderation.parsing.generic_comments import GENERIC_WARNING
from moderation.parsing.shown_dates import DateReader, page_languages, page_zone
from moderation.parsing.source import Source

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("3. Oktober 2020 um 07:45 Uhr", "de", datetime(2020, 10, 3, 7, 45)),
        ("12. Mai 2016 @ 22:10", "de", datetime(2016, 5, 12, 22, 10)),
        ("Februar 9, 2015", "de", datetime(2015, 2, 9)),
        ("04.02.2013 18:20", "de", datetime(2013, 2, 4, 18, 20)),
        ("04.02.2013 18:20", "en", datetime(2013, 2, 4, 18, 20)),  # dotted dates are day-first everywhere
        ("9 enero 2021 a las 16:30", "es", datetime(2021, 1, 9, 16, 30)),
        ("Le 2 mars 2017 à 09:05", "fr", datetime(2017, 3, 2, 9, 5)),
        ("18.07, 2011 @ 10:44", "de", datetime(2011, 7, 18, 10, 44)),  # a site's "d.m, Y" date format
        ("July 4, 2012 at 11:59 PM", "en", datetime(2012, 7, 4, 23, 59)),
        ("03/10/2017 10:00", "en", datetime(2017, 3, 10, 10, 0)),
        # a theme's untranslated "at" around a translated date, and the reverse
        ("14 junio, 2018 at 10:32 pm", "es", datetime(2018, 6, 14, 22, 32)),
        ("7. März 2019 at 8:05 am", "de", datetime(2019, 3, 7, 8, 5)),
        ("3 avril 2020 at 17:45", "fr", datetime(2020, 4, 3, 17, 45)),
        ("June 3, 2020 um 9:12 Uhr", "en", datetime(2020, 6, 3, 9, 12)),
    ],
)
def test_shown_dates_in_four_languages(text, language, expected):
    assert DateReader((language,), UTC).read(text) == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize("text", ["3 hours ago", "15:28", "Reply", "Ben", "", "x" * 200])
def test_what_dates_nothing_is_none(text):
    assert DateReader(("en",), UTC).read(text) is None


def test_each_distinct_date_string_is_parsed_once(monkeypatch):
    reader = DateReader(("en",), UTC)
    calls = []
    original = reader._parse
    monkeypatch.setattr(reader, "_parse", lambda text: calls.append(text) or original(text))
    for _ in range(5):
        reader.read("July 4, 2012 at 11:59 PM")
    assert calls == ["July 4, 2012 at 11:59 PM"]


def test_english_page_falls_back_to_the_blog_languages_never_to_every_locale(monkeypatch):
    """dateparser reads `languages=[]` as every locale it knows (over a CPU second to load them)."""
    import dateparser

    asked = []
    original = dateparser.parse

    def spy(text, languages, **kw):
        asked.append(languages)
        return original(text, languages, **kw)

    monkeypatch.setattr(dateparser, "parse", spy)
    reader = DateReader(("en",), UTC)
    # a theme left on lang="en" around a German date
    assert reader.read("5. Februar 2021 um 14:07 Uhr") == datetime(2021, 2, 5, 14, 7, tzinfo=UTC)
    assert reader.read("Posted by Kim on Sun, 2021 - x") is None
    assert asked and all(asked)


@pytest.mark.parametrize(
    "shown, stamp",
    [
        ("3 de junho de 2021 às 14:02", datetime(2021, 6, 3, 14, 2, tzinfo=UTC)),
        ("5 januari 2020 om 09:12", datetime(2020, 1, 5, 9, 12, tzinfo=UTC)),
        ("12 marzo 2024 alle 10:15", datetime(2024, 3, 12, 10, 15, tzinfo=UTC)),
    ],
)
@pytest.mark.parametrize("declared", [(), ("en",)])
def test_dates_in_other_blog_languages_are_read_when_the_page_does_not_say_so(declared, shown, stamp):
    assert DateReader(declared, UTC).read(shown) == stamp


def test_page_language_and_zone_come_from_the_page():
    document = lxml.html.document_fromstring(
        '<html lang="de-AT"><head><meta property="article:published_time" content="2020-01-02T10:00:00+01:00">'
        "</head><body><p>x</p></body></html>"
    )
    assert page_languages(document) == ("de",)
    assert page_zone(document, UTC) == timezone(timedelta(hours=1))
    bare = lxml.html.document_fromstring("<html><body><p>x</p></body></html>")
    assert page_languages(bare) == ()
    assert page_zone(bare, UTC) is UTC


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("80 Comments", 80),
        ("91 Ergänzungen", 91),
        ("45 Antworten", 45),
        ("3 Kommentare", 3),
        ("There are 13 comments", 13),
        ("11 commentaires", 11),
        ("5 comentarios", 5),
        ("One comment", 1),
        ("2 Responses to “Snow day”", 2),
        ("This Post Has 7 Comments", 7),
        ("Eine Antwort auf „Radwege“", 1),
        ("1,204 comments", 1204),
    ],
)
def test_declared_count_phrases(text, count):
    assert count_in_text(text) == count


@pytest.mark.parametrize(
    "text",
    ["We got 80 comments last year", "Comments", "3 reasons to leave comments", "2019 comments on the law", "12 Dinge"],
)
def test_numbers_in_other_text_are_not_counts(text):
    assert count_in_text(text) is None


def test_declared_count_is_read_from_headings_and_comment_links_only():
    document = lxml.html.document_fromstring(
        "<html><body><p>Readers sent 40 comments.</p>"
        '<div class="meta"><a href="/post/#comments">17 Ergänzungen</a></div></body></html>'
    )
    assert declared_count(document) == 17
    article_only = lxml.html.document_fromstring("<html><body><p>12 comments</p></body></html>")
    assert declared_count(article_only) is None


@pytest.mark.parametrize(
    ("byline", "name", "kind"),
    [
        ("Mara says:", "Mara", "comment"),
        ("Lucía dijo:", "Lucía", "comment"),
        ("Jo Author", "Jo Author", "comment"),  # a badge is dropped as its own element, never from a name
        ("Pingback von Linkblog – Woche 3", "Linkblog – Woche 3", "pingback"),
        ("Trackback: Other Site", "Other Site", "trackback"),
        ("Pingback", "Pingback", "comment"),
        ("-", "-", "comment"),
        ("Heike Brandt (nicht überprüft)", "Heike Brandt", "comment"),  # Drupal's mark on accountless names
        ("Rémi (non vérifié)", "Rémi", "comment"),
        ("Sam (not verified)", "Sam", "comment"),
        ("Comment by Ida Moss", "Ida Moss", "comment"),  # WordPress classic: "Comment by NAME — DATE"
        ("Kommentar von Ute", "Ute", "comment"),
    ],
)
def test_bylines_give_the_name_and_kind(byline, name, kind):
    assert clean_author(byline) == (name, kind)


@pytest.mark.parametrize(
    "label", ["Reply", "Antworten", "Report", "Responder", "Répondre", "Melden", "Liked by 4 people"]
)
def test_button_labels(label):
    assert is_button_label(label)


def test_post_author_badge_element_is_not_part_of_the_name():
    html = _page(
        '<ol class="commentlist"><li class="comment" id="comment-8"><div class="comment-author">'
        '<cite><span class="name">Wren Holt</span> <span>Post author</span></cite></div>'
        '<div class="comment-content"><p>Thanks all.</p></div></li></ol>'
    )
    [thread] = parse_bytes(html)
    assert [(c.author, c.text) for c in thread.comments] == [("Wren Holt", "Thanks all.")]


def _page(body: str, lang: str = "en") -> bytes:
    return f'<!DOCTYPE html><html lang="{lang}"><head><title>T</title></head><body>{body}</body></html>'.encode()


GENERIC_BLOCKS = (
    '<div class="discussion">'
    '<div class="user-comment" id="uc-1"><span class="user-name">Ann Ray</span> <em>May 2, 2022 at 9:10 am</em>'
    '<div class="user-comment-text"><p>First words <a href="https://spam.example/x">here</a>.</p></div>'
    '<div class="user-comment" id="uc-2"><span class="user-name">Bo Li</span> <em>May 2, 2022 at 9:40 am</em>'
    '<div class="user-comment-text"><p>A reply.</p></div></div></div>'
    '<div class="user-comment" id="uc-3"><span class="user-name">Cy Dunn</span> <em>May 3, 2022 at 7:00 am</em>'
    '<div class="user-comment-text"><p>Later.</p></div></div></div>'
)


def test_generic_detector_reads_unknown_comment_blocks_and_says_so():
    [thread] = parse_bytes(_page("<main><h1>T</h1><p>Story.</p></main>" + GENERIC_BLOCKS))
    assert [(c.id, c.parent_id, c.author, c.text) for c in thread.comments] == [
        ("uc-1", None, "Ann Ray", "First words here."),
        ("uc-2", "uc-1", "Bo Li", "A reply."),
        ("uc-3", None, "Cy Dunn", "Later."),
    ]
    assert thread.comments[0].posted_at == datetime(2022, 5, 2, 9, 10, tzinfo=UTC)
    assert thread.comments[0].links == ("https://spam.example/x",)
    assert GENERIC_WARNING in thread.warnings


def test_generic_detector_does_not_fire_on_teasers_or_one_block():
    teasers = "".join(
        f'<div class="teaser"><b class="author">Staff</b> <em>May {day}, 2022</em><p>Another story.</p></div>'
        for day in range(1, 6)
    )
    one_comment_word_block = (
        '<div class="comment-policy"><b>Editor</b> <em>May 1, 2022</em><p>Be kind in the comments.</p></div>'
    )
    [thread] = parse_bytes(_page("<article><h1>T</h1><p>Story.</p></article>" + teasers + one_comment_word_block))
    assert thread.comments == []
    assert GENERIC_WARNING not in thread.warnings


def test_spip_and_drupal_pages_are_told_apart_from_wordpress():
    spip = _page('<ul><li class="forum-fil"><div class="forum-texte-3">x</div></li></ul>', "fr")
    drupal = (
        b'<html><head><script data-drupal-selector="drupal-settings-json">{}</script></head><body>'
        b'<a id="comment-4"></a><article class="comment"><span class="username">A</span></article>'
        b'<div class="indented"></div></body></html>'
    )
    assert detect_format(Source.from_bytes(spip)) == "spip-html"
    assert detect_format(Source.from_bytes(drupal)) == "drupal-html"


# --- real pages, read in place ----------------------------------------------------------------

REAL = SHARED / "data" / "real-exports"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("relative", "comment_id", "author", "minute"),
    [
        ("trafilatura/moritz-meyer.net.vreni.html", "comment-114", "Ben", "2018-06-19T15:28"),
        ("trafilatura/cubadebate.cu-sesiona.html", "comment-10353767", "Ramón", "2022-04-26T14:02"),
        ("trafilatura/happyface313.com.plantur.html", "comment-22203", "dottoressa", "2018-03-07T00:00"),
        ("trafilatura/spektrum.de.engelbart.html", "comment-2772", "Dietmar Hilsebein", "2019-04-08T11:38"),
        ("trafilatura/jovelstefan.de.gefallt.html", "comment-463934", None, "2011-09-11T23:31"),
        ("readability/wordpress/source.html", "comment-215114", "Rarst", "2017-03-10T01:26"),
    ],
)
def test_real_theme_bylines(relative, comment_id, author, minute):
    [thread] = parse_path(require_shared(REAL / relative))
    [comment] = [c for c in thread.comments if c.id == comment_id]
    if author is not None:
        assert comment.author == author
    assert comment.posted_at.isoformat().startswith(minute)
    for label in ("Reply", "Report", "Antworten", "Responder", "dijo:", "Pingback von"):
        assert all(label not in c.text.split("\n")[0] for c in thread.comments)


@pytest.mark.slow
def test_real_spip_and_rendered_blogger_pages():
    [spip] = parse_path(require_shared(REAL / "trafilatura/regards.fr.enquetes.html"))
    assert spip.source_format == "spip-html"
    assert len(spip.comments) == 11
    parents = {c.id: c.parent_id for c in spip.comments}
    assert parents["39138"] == "37729"
    [blogger] = parse_path(require_shared(REAL / "goose3/test_issue129.html"))
    assert len(blogger.comments) == 7
    assert blogger.comments[0].posted_at == datetime(2011, 10, 27, 12, 39, 42, 528000, tzinfo=UTC)


@pytest.mark.slow
def test_real_declared_count_larger_than_the_page():
    [thread] = parse_path(require_shared(REAL / "trafilatura/netzpolitik.org.abmahnungen.html"))
    assert (thread.declared_comment_count, len(thread.comments)) == (91, 74)


_PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))  # control bytes make a page binary: a ParseError


@settings(deadline=None)
@given(
    name=st.text(_PRINTABLE, max_size=30),
    shown=st.text(_PRINTABLE, max_size=40),
    body=st.text(_PRINTABLE, max_size=200),
    lang=st.sampled_from(["en", "de", "fr", "es", "xx", ""]),
)
def test_comment_like_blocks_with_any_text_parse_without_error(name, shown, body, lang):
    block = (
        f'<div class="user-comment"><span class="user-name">{escape(name)}</span> <em>{escape(shown)}</em>'
        f'<div class="user-comment-text"><p>{escape(body)}</p></div></div>'
    )
    threads = parse_bytes(_page(f"<main><p>x</p></main>{block * 3}", lang))
    assert len(threads) == 1
    assert all(comment.text is not None for comment in threads[0].comments)


_MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember"]  # fmt: skip
_SHAPES = [
    ("en", lambda t: f"{t:%B} {t.day}, {t.year} at {(t.hour % 12) or 12}:{t:%M} {'am' if t.hour < 12 else 'pm'}"),
    ("de", lambda t: f"{t.day}. {_MONTHS_DE[t.month - 1]} {t.year} um {t.hour}:{t:%M} Uhr"),
    ("de", lambda t: f"{t:%d.%m.%Y %H:%M}"),
    ("en", lambda t: f"{t.month}/{t.day}/{t.year} {t.hour}:{t:%M}"),
    ("en", lambda t: f"{t:%B} {t.day}, {t.year} at {t:%H:%M:%S}"),
]


@settings(deadline=None)
@given(
    shape=st.sampled_from(_SHAPES),
    stamps=st.lists(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2030, 12, 31)), max_size=12),
)
def test_dates_read_by_shape_match_dateparser(shape, stamps):
    language, show = shape
    reader = DateReader((language,), UTC)  # learns each shape from its first parse
    for stamp in stamps:
        text = show(stamp)
        assert reader.read(text) == DateReader((language,), UTC)._parse(text), text


CAMEL_CASE_THEME = """<!DOCTYPE html><html lang="de-DE"><head><meta name="generator" content="WordPress 5.1" />
<title>Neuer Radweg am Kanal : Stadtblog | Nachrichten aus dem Viertel</title></head><body>
<h1 class="vcard author"><a class="fn" href="/">Stadtblog</a></h1>
<div class="post single hentry"><h3 class="entry-title">Neuer Radweg am Kanal</h3>
<div class="entry-content"><p>Der Radweg wird im Mai eröffnet.</p></div></div>
<div id="comments"><h4>Kommentare</h4>
<div class="commentEntry"><div class="commentContent" id="comment-71">
  <p>Endlich, der alte Weg war viel zu schmal.</p>
  <div class="commentMeta">Kommentar von <cite>Mirja</cite> am <a href="#comment-71">14.03.21</a> um 18:40</div>
</div></div>
<div class="commentEntry"><div class="commentContent" id="comment-72">
  <p>[&#8230;] Der Stadtblog berichtet über den neuen Radweg am Kanal. [&#8230;]</p>
  <div class="commentMeta">Kommentar von <cite>
  <a href="https://radwege.example/notizen/kanal" class="url">Notizen vom Rad</a></cite>
  am <a href="#comment-72">15.03.21</a> um 09:05</div>
</div></div>
</div></body></html>"""


def test_a_camel_case_meta_box_after_the_text_gives_name_and_time_and_stays_out_of_the_text():
    [thread] = parse_bytes(CAMEL_CASE_THEME.encode())
    assert thread.title == "Neuer Radweg am Kanal"  # the post's h3.entry-title, not the <title> with the site name
    first, ping = thread.comments
    assert (first.author, first.text) == ("Mirja", "Endlich, der alte Weg war viel zu schmal.")
    assert first.posted_at == datetime(2021, 3, 14, 18, 40, tzinfo=UTC)  # the clock after the dated link
    assert first.kind == "comment"
    # WordPress writes a pingback's text as "[…] excerpt […]"; the linked name is the page that linked here.
    assert (ping.kind, ping.author, ping.links) == (
        "pingback",
        "Notizen vom Rad",
        ("https://radwege.example/notizen/kanal",),
    )
    assert ping.posted_at == datetime(2021, 3, 15, 9, 5, tzinfo=UTC)


def test_an_excerpt_by_a_name_without_a_link_stays_a_comment():
    page = CAMEL_CASE_THEME.replace(
        '<a href="https://radwege.example/notizen/kanal" class="url">Notizen vom Rad</a>', "Notizen vom Rad"
    )
    [thread] = parse_bytes(page.encode())
    assert thread.comments[1].kind == "comment" and thread.comments[1].author == "Notizen vom Rad"
