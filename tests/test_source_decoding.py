"""Reading bytes as text: BOMs, UTF-16, cp1252, and what counts as binary."""

from __future__ import annotations

import codecs

from moderation.parsing.source import decode_text, is_binary

TEXT = "Isn’t step 2 wrong? — Mara, café"


def test_utf8_plain_and_with_bom():
    assert decode_text(TEXT.encode("utf-8")) == TEXT
    assert decode_text(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


def test_utf16_with_bom_both_byte_orders():
    assert decode_text(TEXT.encode("utf-16")) == TEXT
    assert decode_text(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")) == TEXT


def test_utf16_without_bom_is_recognised():
    assert decode_text(("plain words " * 10).encode("utf-16-le")) == "plain words " * 10


def test_cp1252_smart_quotes_and_undefined_bytes():
    assert decode_text(TEXT.encode("cp1252")) == TEXT
    assert decode_text(b"a\x81b") == "a\x81b"


def test_head_sample_cut_inside_a_character():
    data = TEXT.encode("utf-8")
    cut = data[: data.index("’".encode()) + 1]
    assert decode_text(cut, partial=True) == "Isn"


def test_binary_detection():
    assert is_binary(b"\x00\x01\x02PNG\x00")
    assert not is_binary(TEXT.encode("utf-8"))
    assert not is_binary(TEXT.encode("utf-16"))
    assert not is_binary(b"")


def test_cyrillic_in_windows_1251_is_not_read_as_cp1252():
    text = "Спасибо за статью, но автор ошибается в главном: мост построили позже."
    assert decode_text(text.encode("cp1251")) == text


def test_japanese_in_shift_jis_is_not_read_as_cp1252():
    text = "記事をありがとうございます。駅の工事はいつ終わりますか。"
    assert decode_text(text.encode("shift_jis")) == text


def test_short_western_text_stays_cp1252():
    # charset-normalizer alone would call these cp437 or cp1006; mostly-ASCII letters keep cp1252.
    for text in ("naïve", "Smart “quotes” and a dash – plus €5.", "Grüße aus München"):
        assert decode_text(text.encode("cp1252")) == text
