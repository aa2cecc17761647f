"""Compressed exports (.gz, .bz2, .xz, .zip) read as if unpacked: found by magic bytes, capped in size,
each file of a zip read and named 'archive.zip:inner.xml', stdin read once."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from threads_document import threads_document

from moderation.cli import cli
from moderation.errors import ParseError
from moderation.parsing import expand_paths, parse_bytes, parse_path, source

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"
WXR = (SAMPLES / "wordpress_export.xml").read_bytes()
DISQUS = (SAMPLES / "disqus_export.xml").read_bytes()
PACKERS = {"gzip": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}


def shape(threads) -> list:
    document = threads_document(threads)
    return [[(c["id"], c["text"]) for c in thread["comments"]] for thread in document["threads"]]


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("packer", PACKERS)
def test_packed_exports_read_like_the_plain_file_whatever_their_name(tmp_path, packer):
    path = tmp_path / "export.download"  # no telling extension: the magic bytes decide
    path.write_bytes(PACKERS[packer](WXR))
    threads = parse_path(path)
    assert threads[0].source_format == "wxr"
    assert shape(threads) == shape(parse_bytes(WXR))


def test_a_zip_of_several_dumps_reads_each_and_names_them(tmp_path):
    path = tmp_path / "site-backup.zip"
    path.write_bytes(
        zipped(
            {
                "exports/wordpress.xml": WXR,
                "exports/disqus.xml.gz": gzip.compress(DISQUS),
                "__MACOSX/exports/._wordpress.xml": b"\x00\x05\x16\x07 resource fork",
                "exports/.DS_Store": b"\x00\x00\x00\x01Bud1",
                "Albums/Summer/IMG_0001.JPG": b"\xff\xd8\xff\xe0 a photo, not a dump",
                "theme/fonts/serif.woff2": b"wOF2 a font",
            }
        )
    )
    sources = list(expand_paths([path]))
    assert [s.name for s in sources] == [f"{path}:exports/wordpress.xml", f"{path}:exports/disqus.xml.gz"]
    threads = parse_path(path)
    assert {t.source_format for t in threads} == {"wxr", "disqus"}
    assert {t.source_path for t in threads} == {s.name for s in sources}


def test_a_zip_bomb_is_one_parse_error_line(tmp_path, monkeypatch):
    monkeypatch.setattr(source, "MAX_UNPACKED_BYTES", 1_000_000)
    bomb = tmp_path / "comments.xml.gz"
    bomb.write_bytes(gzip.compress(WXR[:200] + b" " * 5_000_000))
    with pytest.raises(ParseError, match=r"^unpacks to more than 1,000,000 bytes .*zip bomb$"):
        parse_path(bomb)


def test_the_unpacked_budget_is_shared_by_the_members_of_one_zip(tmp_path, monkeypatch):
    monkeypatch.setattr(source, "MAX_UNPACKED_BYTES", int(len(WXR) * 2.5))
    path = tmp_path / "many.zip"
    path.write_bytes(zipped({f"copy{n}.xml": WXR for n in range(4)}))
    with pytest.raises(ParseError, match="zip bomb"):
        parse_path(path)


@pytest.mark.parametrize("packer", PACKERS)
def test_truncated_compressed_data_is_a_parse_error(packer):
    packed = PACKERS[packer](WXR)
    with pytest.raises(ParseError):
        parse_bytes(packed[: len(packed) // 2])


def test_a_broken_zip_is_reported_and_the_other_inputs_still_read(tmp_path):
    broken = tmp_path / "a-broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    good = tmp_path / "b-good.xml"
    good.write_bytes(WXR)
    result = CliRunner().invoke(cli, ["parse", "--format", "json", str(broken), str(good)])
    assert "a-broken.zip: unreadable zip" in result.output
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_stdin_may_be_compressed_and_is_read_once():
    result = CliRunner().invoke(cli, ["parse", "--format", "json", "-"], input=lzma.compress(DISQUS))
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert {t["source"]["format"] for t in document["threads"]} == {"disqus"}


def test_a_zip_on_stdin_reads_each_member():
    data = zipped({"one.xml": WXR, "two.xml": DISQUS})
    result = CliRunner().invoke(cli, ["parse", "--format", "json", "-"], input=data)
    assert result.exit_code == 0, result.output
    paths = {t["source"]["path"] for t in json.loads(result.output)["threads"]}
    assert paths == {"-:one.xml", "-:two.xml"}


def test_text_that_merely_starts_like_a_magic_number_is_not_unpacked():
    assert source.compression_of(b"BZh is how this note starts") is None
    assert source.compression_of(b"BZh91AY&SY") == "bz2"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=1500), magic=st.sampled_from([b"\x1f\x8b", b"BZh9", b"\xfd7zXZ\x00", b"PK\x03\x04"]))
def test_garbage_behind_a_magic_number_is_a_parse_error_or_threads(data, magic):
    for packed in (magic + data, gzip.compress(data)):
        try:
            parse_bytes(packed)
        except ParseError as error:
            assert str(error) and "\n" not in str(error)
