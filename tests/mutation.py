"""Mutated dumps for the fuzz tests: what a bad save, a bad copy or a hostile edit does to a file.

One mutator for every format; each format passes the syntax tokens worth splicing in (tags for XML,
braces for JSON, list markers for page text), so the mutants break where its parser is weakest.
"""

from __future__ import annotations

import random

XML_TOKENS = (b"<", b">", b"&", b"]]>", b"<![CDATA[", b"</post>", b"\x00", b"&lol;")
JSON_TOKENS = (b"{", b"}", b"[", b'"', b"\n", b"\\u0000", b"null", b"1e999", b"\xff")
HTML_TOKENS = (b"<", b">", b"</li>", b"<ul class='children'>", b"&amp;", b"<!--", b"\xff")
TEXT_TOKENS = (b" ", b"\n", b"\r", b"\t", b".", b")", b"1. ", b"\xe2\x80\xa2 ", b" says:", b"0")


def mutate(data: bytes, rng: random.Random, *, edits: int | None = None, tokens: tuple[bytes, ...] = ()) -> bytes:
    """Flip, delete, duplicate and insert bytes (random ones, or the format's tokens), `edits` times."""
    buffer = bytearray(data)
    for _ in range(edits if edits is not None else rng.randint(1, 8)):
        position = rng.randrange(len(buffer) + 1)
        action = rng.randrange(5 if tokens else 4)
        if action == 0 and position < len(buffer):
            buffer[position] = rng.randrange(256)
        elif action == 1:
            del buffer[position : position + rng.randrange(1, 40)]
        elif action == 2:
            buffer[position:position] = buffer[position : position + rng.randrange(1, 400)]
        elif action == 3:
            buffer[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
        else:
            buffer[position:position] = rng.choice(tokens)
    return bytes(buffer)
