"""A flag's reason words marked where they occur in the comment: in the terminal as in the HTML page."""

from __future__ import annotations

import html
import io
import re

from conftest import property_examples
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from test_report_golden import CASE_FILES, report_document

from moderation.report.reason_marks import reason_pattern
from moderation.report.render_html import marked
from moderation.report.render_text import print_thread
from moderation.safe_text import printable


def test_reason_pattern_matches_whole_words_and_phrases_in_any_case():
    pattern = reason_pattern(["idiot", "did you", "[e-mail]"])
    found = [m.group() for m in pattern.finditer("IDIOT idiots; did, you? did you [e-mail]")]
    assert found == ["IDIOT", "did, you", "did you"]
    assert reason_pattern(["[ip]", " "]) is None


def test_a_targeting_reason_marks_the_words_it_names():
    pattern = reason_pattern(["idiot, moron aimed at you", "profanity (alt-profanity-check)"])
    found = [m.group() for m in pattern.finditer("you idiot, you absolute MORON, aimed at you")]
    assert found == ["idiot", "MORON"]


def test_a_violence_reason_marks_its_words_not_its_ending():
    pattern = reason_pattern(["kill, die (violence)", "idiot, kill (profanity)"])
    found = [m.group() for m in pattern.finditer("I will KILL you, idiot; violence aside, die")]
    assert found == ["KILL", "idiot", "die"]


def test_the_terminal_report_underlines_the_reason_words_in_the_comment():
    threads = [thread for case in CASE_FILES for thread in report_document([case])["threads"]]
    report, item = next((t, i) for t in threads for i in t["flagged"] if i["reasons"].get("insult"))
    stream = io.StringIO()
    print_thread(Console(file=stream, force_terminal=True, color_system="standard", width=200), report)
    underlined = "\x1b[1;3;4m"  # bold and underline on the comment's italic
    assert f"{underlined}{item['reasons']['insult'][0]}" in stream.getvalue().lower()


def test_the_markdown_report_bolds_the_reason_words_and_keeps_the_comment_inert():
    from moderation.report.render_markdown import _comment

    shown = _comment("You *absolute*  numpty | <b>did</b>, you\nread? did, you", ["numpty", "did you", "absolute"])
    assert shown == r"You \***absolute**\* **numpty** \| &lt;b&gt;did&lt;/b&gt;, you read? **did, you**"


@settings(max_examples=property_examples(200), deadline=None)
@given(text=st.text(max_size=120), picks=st.lists(st.integers(0, 40), max_size=4))
def test_marking_loses_no_text_and_adds_no_markup(text, picks):
    words = re.findall(r"[^\W_]+", text)
    reasons = [words[i % len(words)] for i in picks] if words else []
    shown = marked(text, reasons)
    assert html.unescape(shown.replace("<mark>", "").replace("</mark>", "")) == printable(text)
    assert "<" not in shown.replace("<mark>", "").replace("</mark>", "")


def _alternation(reasons: list[str]):
    """The one regular expression ReasonPattern stands for (alternatives in the order it tries them)."""
    from moderation.report.reason_marks import _reason_pattern

    alternatives = [pattern.pattern for pattern in _reason_pattern(tuple(reasons))._patterns]
    inner = "|".join(
        alternative.removeprefix(r"(?<![\w'])(?:").removesuffix(r")(?![\w'])") for alternative in alternatives
    )
    return re.compile(rf"(?<![\w'])(?:{inner})(?![\w'])", re.IGNORECASE)


WORDS = ["you", "YOU", "you you", "idiot", "an idiot", "did you", "i", "a", "-x", "x-", "it's", "so", "so so so"]


@settings(max_examples=property_examples(300), deadline=None)
@given(
    reasons=st.lists(st.sampled_from(WORDS + ["idiot, you aimed at you", "so (profanity)"]), min_size=1, max_size=5),
    text=st.lists(st.sampled_from(WORDS + [" ", ", ", "'", "-", "x", "\n", "é"]), max_size=25).map("".join),
)
def test_reason_pattern_finds_what_one_alternation_finds(reasons, text):
    """Overlapping phrases ("you you" in "you you you"), ties at one position, words that start or end
    with punctuation: the same matches, in the same order, as the alternation of all phrases."""
    pattern = reason_pattern(reasons)
    ours = [(m.start(), m.end()) for m in pattern.finditer(text)]
    assert ours == [(m.start(), m.end()) for m in _alternation(reasons).finditer(text)]
