"""Every input read once, through one reader: pipes, FIFOs, stdin and devices, with a memory cap (issue #18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from moderation.errors import ParseError
from moderation.parsing import formats, parse_path, parse_source, source
from moderation.parsing.source import Source

COMMENTS = 3000  # about 500 KB: several times the 64 KiB head that format detection reads first
MAIN = "from moderation.cli import main; main()"


def reddit_dump(count: int = COMMENTS) -> bytes:
    lines = [
        json.dumps(
            {
                "id": f"c{n}",
                "parent_id": "t3_post" if n % 5 == 0 else f"t1_c{n - 1}",
                "link_id": "t3_post",
                "author": f"reader{n % 40}",
                "body": f"comment number {n} about the council's parking plan, which nobody asked for",
                "created_utc": 1_700_000_000 + n,
            }
        )
        for n in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


def wxr_dump(count: int = COMMENTS) -> bytes:
    comments = "".join(
        f"<wp:comment><wp:comment_id>{n + 1}</wp:comment_id><wp:comment_author>reader{n % 40}</wp:comment_author>"
        f"<wp:comment_date_gmt>2023-01-01 10:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[comment number {n} about the council's parking plan]]></wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{n if n % 5 else 0}</wp:comment_parent>"
        "</wp:comment>\n"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
        "<channel><title>Blog</title><wp:wxr_version>1.2</wp:wxr_version><item><title>Post</title>"
        f"<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>\n{comments}</item></channel></rss>\n"
    ).encode()


DUMPS = {"reddit": reddit_dump, "wxr": wxr_dump}


def comment_count(threads) -> int:
    return sum(len(thread.comments) for thread in threads)


def feed(write_end: int, data: bytes) -> threading.Thread:
    def write() -> None:
        with os.fdopen(write_end, "wb") as stream:
            stream.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


@pytest.mark.parametrize("kind", sorted(DUMPS))
def test_a_pipe_given_as_dev_fd_is_read_whole_once(kind):
    """`moderate parse <(zcat dump)`: detection's head and the body come from one read."""
    data = DUMPS[kind]()
    assert comment_count(parse_source(Source.from_bytes(data))) == COMMENTS
    read_end, write_end = os.pipe()
    writer = feed(write_end, data)
    try:
        threads = parse_path(f"/dev/fd/{read_end}")
    finally:
        os.close(read_end)
        writer.join(5)
    assert comment_count(threads) == COMMENTS


@pytest.mark.parametrize("kind", sorted(DUMPS))
@pytest.mark.parametrize("how", ["fifo", "stdin"])
def test_a_fifo_or_stdin_is_read_whole_and_never_hangs(kind, how, tmp_path):
    """A FIFO's writer is gone once it has written: a second open would wait for ever."""
    data = DUMPS[kind]()
    command = [sys.executable, "-c", MAIN, "parse", "--format", "json"]
    if how == "fifo":
        fifo = tmp_path / "dump.fifo"
        os.mkfifo(fifo)

        def write() -> None:
            with open(fifo, "wb") as stream:
                stream.write(data)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        result = subprocess.run([*command, str(fifo)], capture_output=True, timeout=120)
        writer.join(5)
    else:
        result = subprocess.run([*command, "-"], input=data, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert sum(len(thread["comments"]) for thread in document["threads"]) == COMMENTS


@pytest.fixture
def small_cap(monkeypatch):
    cap = 256 * 1024
    monkeypatch.setattr(source, "MAX_WHOLE_INPUT_BYTES", cap)
    return cap


@pytest.mark.parametrize("format_name", list(formats()))
def test_an_endless_device_stops_at_the_cap_with_one_error(small_cap, format_name):
    """`--from json /dev/zero` (any forced format): one ParseError at the cap, not a MemoryError."""
    with pytest.raises(ParseError, match="MAX_WHOLE_INPUT_BYTES"):
        parse_source(Source.from_path("/dev/zero"), format_name)


@pytest.mark.parametrize("format_name", ["json", "reddit", "convokit", "commento", "wordpress-text", "text"])
def test_a_whole_document_format_refuses_a_file_past_the_cap(small_cap, tmp_path, format_name):
    """Formats parsed as one document read a regular file whole: the same cap applies."""
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * (small_cap + 10) + b"]")
    with pytest.raises(ParseError, match="MAX_WHOLE_INPUT_BYTES"):
        parse_source(Source.from_path(big), format_name)


def test_the_command_on_dev_zero_says_one_line(small_cap, monkeypatch):
    from test_hostile_outputs import through_main

    status, stdout, stderr = through_main(monkeypatch, "parse", "--from", "json", "/dev/zero")
    assert status == 2 and stdout.strip() in ("", '{"schema": "moderation.threads/1", "threads": []}')
    assert stderr.count("\n") == 1 and "MAX_WHOLE_INPUT_BYTES" in stderr, stderr


def test_stdin_past_the_cap_is_one_error(small_cap, monkeypatch):
    import io

    from moderation.parsing import expand_paths

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * (small_cap + 1))))
    (only,) = list(expand_paths(["-"]))
    with pytest.raises(ParseError, match="MAX_WHOLE_INPUT_BYTES"):
        parse_source(only)
