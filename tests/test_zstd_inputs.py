"""zstd-packed dumps (.zst, as Pushshift and Arctic Shift publish Reddit data) read like the plain file:
found by magic bytes, a long-window stream and several frames read whole, a cut-off one refused in one line."""

from __future__ import annotations

import json

import pytest
import zstandard
from click.testing import CliRunner
from threads_document import threads_document

from moderation.cli import cli
from moderation.errors import ParseError
from moderation.parsing import parse_bytes, parse_path


def pushshift_lines(count: int) -> bytes:
    """Invented Pushshift-style comment lines spread over a few submissions."""
    lines = [
        json.dumps(
            {
                "id": f"c{number}",
                "link_id": f"t3_s{number % 3}",
                "parent_id": f"t3_s{number % 3}" if number < 3 else f"t1_c{number - 3}",
                "author": f"reader{number % 7}",
                "body": f"note {number} about the harbour wall",
                "created_utc": 1_500_000_000 + number,
            }
        )
        for number in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


def comments_of(threads) -> list:
    return [[(c["id"], c["parent_id"], c["text"]) for c in t["comments"]] for t in threads_document(threads)["threads"]]


PLAIN = pushshift_lines(400)


def long_window(data: bytes) -> bytes:
    """How Pushshift packs its dumps: `zstd --long=31` (a window past zstd's default decoding limit)."""
    parameters = zstandard.ZstdCompressionParameters.from_level(3, window_log=31, enable_ldm=True)
    return zstandard.ZstdCompressor(compression_params=parameters).compress(data)


@pytest.mark.parametrize(
    "packed",
    [
        zstandard.ZstdCompressor().compress(PLAIN),
        long_window(PLAIN),
        # Two frames, split inside a line: a dump written in pieces.
        zstandard.ZstdCompressor().compress(PLAIN[:5000]) + zstandard.ZstdCompressor().compress(PLAIN[5000:]),
    ],
    ids=["one frame", "long window", "two frames"],
)
def test_zst_dump_reads_like_the_plain_file(tmp_path, packed):
    path = tmp_path / "RC_sample"  # no telling extension: the magic bytes decide
    path.write_bytes(packed)
    threads = parse_path(path)
    assert threads[0].source_format == "reddit"
    assert sum(len(thread.comments) for thread in threads) == 400
    assert comments_of(threads) == comments_of(parse_bytes(PLAIN))


def test_cut_off_zst_is_refused_in_one_line_not_read_as_shorter(tmp_path):
    packed = long_window(PLAIN)
    path = tmp_path / "RC_cut.zst"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(ParseError, match="corrupt or truncated compressed data"):
        parse_path(path)
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
