"""The tree writer's fast path shows what the plain renderer showed, byte for byte (issue #15).

`reference_tree` is the renderer as it was before the fast path (every name, text, id and head line
through `printable`, a list of lines per thread; the thread's head lines, which the fast path left
alone, come from the writer's own `_header`); the writer must give the same text for hostile
threads: control characters and escape sequences, whitespace that collapses, empty names and texts,
the marks "·" and "…" and the characters standing for them, odd zones and years, every status,
orphans, deep replies, long and hyphenated texts. To a text stream and to a UTF-8 byte buffer.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

from conftest import property_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.assemble import RawComment, assemble_thread
from moderation.render_tree import EXCERPT_CHARACTERS, LINE_WIDTH, _header, shown_time, wrap_words, write_threads_tree
from moderation.safe_text import printable
from moderation.thread import STATUSES, Thread, preorder_with_paths


def reference_tree(threads: list[Thread]) -> str:
    """The tree as the renderer before the fast path wrote it."""
    out = []
    for thread in threads:
        lines = [printable(line) for line in _header(thread)]  # the head lines: not part of the fast path
        for comment, path in preorder_with_paths(thread):
            indent = "  " * min(comment.depth - 1, 12) + "   "
            marks = []
            if comment.status != "visible":
                marks.append(comment.status)
            if comment.orphan:
                marks.append("orphan" + (f" of {comment.source_parent_id}" if comment.source_parent_id else ""))
            head = f"{indent}{path} {' '.join(printable(comment.author).split()) or '(no name)'}"
            if comment.posted_at:
                when = shown_time(comment.posted_at)
                if when:
                    head += f" · {when}"
            if comment.id != path:
                head += f" · #{comment.id}"
            if marks:
                head += " [" + ", ".join(marks) + "]"
            lines.append(printable(head))
            text = " ".join(printable(comment.text).split())
            if len(text) > EXCERPT_CHARACTERS:
                text = text[: EXCERPT_CHARACTERS - 1].rstrip() + "…"
            body_indent = indent + "  "
            wrapped = wrap_words(text, max(LINE_WIDTH - len(body_indent), 30))
            lines.extend([body_indent + line for line in wrapped] or [body_indent])
        lines.append("")
        out.append("\n".join(lines) + "\n")
    return "".join(out)


# Characters that each take a different branch: controls printable removes (or, for CR, turns into a
# newline), whitespace str.split collapses (some of it control characters too), an escape sequence's
# pieces, the tree's own marks and the control characters the writer uses for them, hyphens (textwrap).
HOSTILE = "ab é-\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\x1b[]0;\x07\x9b\x00\x01\x7f·…"
PLAIN_WORDS = st.sampled_from(["word", "longer-word", "x" * 120, "é", "a·b", "end…", "a"])
# Plain words joined by single spaces (the fast path), or by one separator that takes another branch.
SEPARATORS = st.sampled_from(
    [" "] * 6 + ["  ", "\n", "\t", "\r\n", "\x0b", "\x1c", "\x85", "\xa0", "\x1b[31m", "\x00", "\x9b"]
)
PLAIN_TEXTS = st.lists(PLAIN_WORDS, min_size=1, max_size=60).map(" ".join)
OTHER_TEXTS = st.one_of(
    st.builds(lambda words, separator: separator.join(words), st.lists(PLAIN_WORDS, max_size=60), SEPARATORS),
    st.builds(lambda words, edge: edge + " ".join(words) + edge, st.lists(PLAIN_WORDS, max_size=5), SEPARATORS),
    st.text(alphabet=HOSTILE, max_size=30),
)
TEXTS = st.sampled_from([PLAIN_TEXTS] * 5 + [OTHER_TEXTS] * 2).flatmap(lambda texts: texts)  # mostly the fast path
ZONES = st.sampled_from(
    [timezone.utc] * 4
    + [None, timezone(timedelta(hours=-7), "PDT"), timezone(timedelta(0), "Z\x1b[2J"), timezone(timedelta(0), " ")]
)
SAME_DAYS = st.builds(lambda minutes: datetime(2020, 9, 13) + timedelta(minutes=minutes), st.integers(0, 3000))
ANY_DAY = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30))
TIMES = st.sampled_from(
    [st.builds(lambda moment: moment.replace(tzinfo=timezone.utc), SAME_DAYS)] * 4
    + [st.none(), st.builds(lambda moment, zone: moment.replace(tzinfo=zone), SAME_DAYS | ANY_DAY, ZONES)]
).flatmap(lambda times: times)


@st.composite
def hostile_threads(draw):
    count = draw(st.integers(0, 16))
    raw = []
    for position in range(count):
        parent = draw(st.sampled_from([None, "missing", *(f"r{earlier}" for earlier in range(position))] * 3 + [None]))
        raw.append(
            RawComment(
                ref=draw(st.sampled_from([f"r{position}"] * 4) | st.text(alphabet=HOSTILE, min_size=1, max_size=6)),
                parent_ref=parent,
                author=draw(TEXTS),
                text=draw(TEXTS),
                own_id=draw(st.booleans()),
                posted_at=draw(TIMES),
                status=draw(st.sampled_from(["visible"] * 6 + list(STATUSES))),
            )
        )
    title = draw(st.text(alphabet=HOSTILE, max_size=10))
    return assemble_thread(Thread(id="t·\x1b]0;x\x07", title=title, source_path="dump·…", source_format="reddit"), raw)


@settings(max_examples=property_examples(150), deadline=None)
@given(threads=st.lists(hostile_threads(), min_size=1, max_size=3))
def test_the_tree_is_what_the_plain_renderer_wrote(threads):
    expected = reference_tree(threads)
    text = io.StringIO()
    write_threads_tree(threads, text)
    assert text.getvalue() == expected
    binary = io.BytesIO()
    stream = io.TextIOWrapper(binary, encoding="utf-8", newline="")
    write_threads_tree(threads, stream)
    stream.flush()
    assert binary.getvalue() == expected.encode("utf-8")


def plain_thread(count: int) -> Thread:
    """A thread every comment of which takes the fast path: plain names, texts and ids, times in UTC."""
    start = datetime(2024, 5, 6, 7, 8, tzinfo=timezone.utc)
    raw = [
        RawComment(
            ref=f"c{n}",
            parent_ref=None if n % 4 == 0 else f"c{n - 1}",
            author=f"reader{n % 5}",
            text=" ".join(["plain words"] * (n % 30)) or "x",
            posted_at=start + timedelta(minutes=97 * n),
        )
        for n in range(count)
    ]
    return assemble_thread(Thread(id="plain", title="A plain thread"), raw)


def test_a_plain_thread_and_a_thread_with_one_hostile_comment_read_as_before():
    plain = plain_thread(40)
    hostile = plain_thread(40)
    hostile.comments[7].text = "wrapped \x1b]52;c;cGF5bG9hZA==\x07 text  with\x0bspaces " * 9
    hostile.comments[9].author = ""
    hostile.comments[5].author = " reader5 "
    hostile.comments[8].text = "a" * 88 + " well-known words"  # textwrap breaks at the hyphen, greedy filling not
    threads = [plain, hostile, Thread(id="empty")]
    assert hostile.comments[8].depth == 1
    stream = io.StringIO()
    write_threads_tree(threads, stream)
    assert stream.getvalue() == reference_tree(threads)
    assert "\x1b" not in stream.getvalue() and "(no name)" in stream.getvalue()


def test_a_terminal_gets_text_and_the_marks():
    class Terminal(io.TextIOWrapper):
        def isatty(self):
            return True

    binary = io.BytesIO()
    terminal = Terminal(binary, encoding="utf-8", newline="")
    write_threads_tree([plain_thread(3)], terminal)
    terminal.flush()
    assert binary.getvalue().decode("utf-8") == reference_tree([plain_thread(3)])
    assert " · 2024-05-06 07:08 UTC · #c0" in binary.getvalue().decode("utf-8")
