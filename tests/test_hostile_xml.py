"""Hostile and broken XML meets both export parsers: refused with a ParseError naming why, or read; never more.

Entity declarations (billion laughs), external entities and external DTDs are refused before any
expansion or fetch. A broken record (an undeclared entity, a cut-off tail) loses only that record,
named in a warning; garbage and mutated files give a ParseError or threads, nothing else.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutation import XML_TOKENS, mutate

from moderation.errors import ParseError
from moderation.parsing import parse_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"

WXR_HEAD = '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><wp:post_id>1</wp:post_id>'
WXR_COMMENT = "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>{}</wp:comment_content></wp:comment>"
DISQUS_HEAD = '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="t1"/>'
DISQUS_POST = '<post dsq:id="p1"><message>{}</message><thread dsq:id="t1"/></post>'

FORMATS = ["wxr", "disqus"]
SAMPLE_BY_FORMAT = {"wxr": SAMPLES / "wordpress_export.xml", "disqus": SAMPLES / "disqus_export.xml"}


def export(format_name: str, content: str, prolog: str = "", root: str | None = None) -> bytes:
    """A one-comment export whose comment text is `content`, with `prolog` before the root element."""
    if format_name == "wxr":
        body = WXR_HEAD + WXR_COMMENT.format(content) + "</item></channel></rss>"
    else:
        body = DISQUS_HEAD + DISQUS_POST.format(content) + "</disqus>"
    if root:
        body = body.replace("<rss ", f"<{root} ", 1).replace("<disqus ", f"<{root} ", 1)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + prolog + body).encode("utf-8")


def only_text(format_name: str, data: bytes) -> str:
    [thread] = parse_bytes(data, format_name)
    [comment] = thread.comments
    return comment.text


BILLION_LAUGHS = (
    '<!DOCTYPE {root} [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize("format_name", FORMATS)
@pytest.mark.parametrize("forced", [True, False], ids=["forced", "detected"])
def test_billion_laughs_is_refused_not_expanded(format_name, forced):
    root = "rss" if format_name == "wxr" else "disqus"
    data = export(format_name, "&lol9;", BILLION_LAUGHS.replace("{root}", root))
    with pytest.raises(ParseError, match="entity 'lol'.*billion laughs"):
        parse_bytes(data, format_name if forced else None)


@pytest.mark.parametrize("format_name", FORMATS)
def test_external_entity_is_refused_and_never_read(format_name):
    root = "rss" if format_name == "wxr" else "disqus"
    data = export(format_name, "&xxe;", f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    with pytest.raises(ParseError, match="external entity 'xxe' \\(file:///etc/passwd\\)") as refused:
        parse_bytes(data, format_name)
    assert "root:" not in str(refused.value)


@pytest.mark.parametrize("format_name", FORMATS)
def test_external_parameter_entity_is_refused(format_name):
    data = export(format_name, "x", '<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://example.test/evil.dtd"> %remote;]>')
    with pytest.raises(ParseError, match="external entity 'remote'"):
        parse_bytes(data, format_name)


@pytest.mark.parametrize("format_name", FORMATS)
def test_external_dtd_is_refused(format_name):
    data = export(format_name, "x", '<!DOCTYPE x SYSTEM "http://example.test/evil.dtd">')
    with pytest.raises(ParseError, match="external DTD 'http://example.test/evil.dtd'"):
        parse_bytes(data, format_name)


@pytest.mark.parametrize("format_name", FORMATS)
def test_a_harmless_doctype_is_read(format_name):
    data = export(format_name, "Fine &amp;amp; dandy", "<!DOCTYPE x>")
    assert only_text(format_name, data) == "Fine & dandy"


def all_notes(threads) -> str:
    return " ".join(note for thread in threads for note in thread.warnings + thread.unread)


@pytest.mark.parametrize("format_name", FORMATS)
def test_an_undeclared_entity_loses_only_its_record_and_says_so(format_name):
    threads = parse_bytes(export(format_name, "&nbsp;"), format_name)
    assert not any(thread.comments for thread in threads)
    [thread] = [thread for thread in threads if thread.unread]
    assert "line 2" in thread.unread[0] and "nbsp" in thread.unread[0] and "left out" in thread.unread[0]


@pytest.mark.parametrize("format_name", FORMATS)
def test_a_five_megabyte_text_node_is_read(format_name):
    text = ("All the council minutes, pasted in full. " * 130_000)[:5_000_000]
    assert only_text(format_name, export(format_name, text)) == text.strip()


@pytest.mark.parametrize("format_name", FORMATS)
def test_elements_nested_100000_deep_never_overflow_the_stack(format_name):
    depth = 100_000
    data = export(format_name, "<b>" * depth + "deep" + "</b>" * depth)
    try:
        threads = parse_bytes(data, format_name)
    except ParseError:
        return
    comments = [comment for thread in threads for comment in thread.comments]
    if comments:
        assert [comment.text for comment in comments] == ["deep"]
    else:  # the parser's depth limit stops it there, and that is said
        assert "malformed XML at line 2" in all_notes(threads)


@pytest.mark.parametrize("format_name", FORMATS)
def test_truncated_anywhere_keeps_what_came_before_and_names_the_cut(format_name):
    data = SAMPLE_BY_FORMAT[format_name].read_bytes()
    full = sum(len(thread.comments) for thread in parse_bytes(data, format_name))
    rng = random.Random(20240607)
    for cut in sorted(rng.sample(range(1, len(data) - 8), 10)):
        try:
            threads = parse_bytes(data[:cut], format_name)
        except ParseError as error:
            assert re.match(r"(truncated or malformed XML at line \d+|no XML element found)", str(error))
            continue
        assert sum(len(thread.comments) for thread in threads) < full
        assert re.search(r"line \d+", all_notes(threads)), "the cut must be named"


@pytest.mark.parametrize("format_name", FORMATS)
def test_binary_garbage_is_a_parse_error(format_name):
    garbage = random.Random(7).randbytes(4096)
    with pytest.raises(ParseError):
        parse_bytes(garbage, format_name)


@pytest.mark.parametrize("format_name", FORMATS)
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(format_name, encoding):
    text = "Zoë’s café — “fine” 👍"
    data = export(format_name, text).replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode("utf-8")
    encoded = data.encode(encoding)
    if encoding != "utf-16":  # the plain codec writes its own BOM; the explicit-endian ones do not
        encoded = ("\ufeff" + data).encode(encoding)
    assert only_text(format_name, encoded) == text
    assert parse_bytes(encoded, None)[0].source_format == format_name


def assert_parse_error_or_threads(data: bytes, format_name: str) -> None:
    try:
        threads = parse_bytes(data, format_name)
    except ParseError as error:
        assert str(error)
        return
    for thread in threads:
        for comment in thread.comments:
            assert comment.status in ("visible", "deleted", "spam", "pending")
            assert comment.posted_at is None or comment.posted_at.tzinfo is not None


@pytest.mark.parametrize("format_name", FORMATS)
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000))
def test_fuzz_random_bytes(format_name, data):
    assert_parse_error_or_threads(data, format_name)


@pytest.mark.parametrize("format_name", FORMATS)
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32), edits=st.integers(min_value=1, max_value=8))
def test_fuzz_mutated_sample(format_name, seed, edits):
    data = SAMPLE_BY_FORMAT[format_name].read_bytes()
    assert_parse_error_or_threads(mutate(data, random.Random(seed), edits=edits, tokens=XML_TOKENS), format_name)
