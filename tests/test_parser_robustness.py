"""Every parser, forced or detected, meets hostile input with a ParseError or a thread — nothing else.

Per-format fuzz tests live beside each format's tests; this one sweeps all registered formats at once
so a new format cannot join without surviving empty, binary, random and truncated input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.errors import ParseError
from moderation.parsing import formats, parse_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"
FORMATS = list(formats())


def parse_or_refuse(data: bytes, format_name: str | None) -> None:
    try:
        threads = parse_bytes(data, format_name)
    except ParseError as error:
        assert str(error), "a ParseError must say what went wrong"
        return
    for thread in threads:
        ids = [comment.index for comment in thread.comments]
        assert ids == list(range(len(thread.comments)))
        for comment in thread.comments:
            assert comment.posted_at is None or comment.posted_at.tzinfo is not None
            assert comment.status in ("visible", "deleted", "spam", "pending")


@pytest.mark.parametrize("format_name", [None, *FORMATS])
@pytest.mark.parametrize(
    "data",
    [b"", b"\n \n", b"\x00" * 64, bytes(range(256)), b"\xff\xfe\x00", b"<", b"{", b"[", b"<?xml", b'{"schema":'],
    ids=["empty", "blank", "nul", "all-bytes", "bom-only", "lt", "brace", "bracket", "xml-decl", "schema-stub"],
)
def test_degenerate_input(format_name, data):
    parse_or_refuse(data, format_name)


@pytest.mark.parametrize("format_name", [None, *FORMATS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048))
def test_random_bytes(format_name, data):
    parse_or_refuse(data, format_name)


def sample_files() -> list[Path]:
    return sorted(path for path in SAMPLES.glob("*") if path.is_file()) if SAMPLES.exists() else []


@pytest.mark.parametrize("sample", sample_files(), ids=lambda path: path.name)
def test_truncated_samples_keep_or_refuse(sample):
    """A dump cut anywhere parses to fewer comments or a ParseError; never a crash."""
    data = sample.read_bytes()
    full = parse_bytes(data, None, name=sample.name)
    full_count = sum(len(t.comments) for t in full)
    assert full_count > 0, f"{sample.name} should hold comments"
    for fraction in (0.1, 0.33, 0.5, 0.77, 0.95):
        cut = data[: int(len(data) * fraction)]
        try:
            threads = parse_bytes(cut, None, name=sample.name)
        except ParseError:
            continue
        assert sum(len(t.comments) for t in threads) <= full_count + 1  # a cut line may split one comment in two
