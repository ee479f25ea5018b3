"""Issue 16, items 4 and 9: a stray byte in a UTF-8 file; limits on what is actually read."""
from __future__ import annotations

import logging
from pathlib import Path

from click.testing import CliRunner

from talecast.cli import main
from talecast.read.decoding import decode

UTF8_STORY = ("The Lamp\n\nChapter 1\n\n"
              + "\u201cIt\u2019s late,\u201d said Ada. \u201cWe\u2019ll go home.\u201d\n\n" * 5)


def test_one_stray_byte_in_a_utf8_file_keeps_it_utf8(caplog):
    data = UTF8_STORY.encode("utf-8")
    data = data[:40] + b"\x92" + data[40:]  # one Windows-1252 apostrophe in the middle
    with caplog.at_level(logging.INFO, logger="talecast"):
        text = decode(data, "story.txt")
    assert "\u2019" in text and "\u00e2\u20ac" not in text
    assert text.count("\ufffd") == 1
    assert "story.txt: 1 byte(s) that are not UTF-8 replaced" in caplog.text and "offset(s) 40" in caplog.text


def test_a_latin1_file_is_still_read_as_latin1():
    data = ("The Caf\u00e9\n\nChapter 1\n\nA caf\u00e9, na\u00efve and \u00e0 la mode.\n").encode("latin-1")
    assert "caf\u00e9, na\u00efve" in decode(data)


def test_script_verbose_reports_the_offsets_of_replaced_bytes(tmp_path):
    path = tmp_path / "lamp.txt"
    data = UTF8_STORY.encode("utf-8")
    path.write_bytes(data[:40] + b"\xff" + data[40:])
    res = CliRunner().invoke(main, ["script", str(path), "--verbose"])
    assert res.exit_code == 0, res.output
    assert "Ada:" in res.output and "It\u2019s late," in res.output
    assert "1 byte(s) that are not UTF-8 replaced by \ufffd, at byte offset(s) 40" in res.output


# --- item 9: limits on what is read, not what is announced ----------------------------------------

def test_a_device_that_never_ends_is_refused_at_once():
    import time

    start = time.monotonic()
    res = CliRunner().invoke(main, ["script", "/dev/zero"])
    assert res.exit_code == 2 and "not a story file" in res.output
    assert time.monotonic() - start < 5


def test_a_pipe_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    import os
    import threading

    from talecast.read import decoding

    monkeypatch.setattr(decoding, "MAX_BYTES", 1000)
    fifo = tmp_path / "story.fifo"
    os.mkfifo(fifo)

    stop = threading.Event()

    def feed():  # a writer for every reader (the format sniffer reads the head first)
        while not stop.is_set():
            try:
                with open(fifo, "wb") as f:
                    while not stop.is_set():
                        f.write(b"word " * 1000)
            except OSError:  # the reader stopped reading: the pipe is broken
                pass

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    try:
        res = CliRunner().invoke(main, ["script", str(fifo)])
    finally:
        stop.set()
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # lets a writer waiting to open go
    assert res.exit_code == 2 and "too large (more than 1000 bytes" in res.output


def _epub_with_lying_entry(path, real: int, declared: int):
    import io
    import struct
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                   'full-path="c.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("c1.xhtml", b"<html><body><p>" + b"a" * real + b"</p></body></html>",
                   compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(buf.getvalue())
    name = b"c1.xhtml"
    for sig, name_len_at, size_at, name_at in ((b"PK\x01\x02", 28, 24, 46), (b"PK\x03\x04", 26, 22, 30)):
        i = data.find(sig)
        while i >= 0:
            n = struct.unpack_from("<H", data, i + name_len_at)[0]
            if data[i + name_at:i + name_at + n] == name:
                struct.pack_into("<I", data, i + size_at, declared)
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))
    return path


def test_an_epub_entry_that_under_reports_its_size_is_refused_without_inflating_it(tmp_path):
    import resource

    book = _epub_with_lying_entry(tmp_path / "bomb.epub", real=40 * 1024 * 1024, declared=1000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    res = CliRunner().invoke(main, ["script", str(book)])
    assert res.exit_code == 2 and "does not unpack to the 1000 bytes the archive declares" in res.output
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 20, grown_mb


# --- the smaller items --------------------------------------------------------------------------------

import pytest  # noqa: E402

from talecast.build import parse_chapters  # noqa: E402
from talecast.errors import InputError  # noqa: E402


@pytest.mark.parametrize("spec, says", [
    ("5-2", "--chapters 5-2: the range 5-2 runs backwards (write 2-5)"),
    ("0", "--chapters 0: chapters count from 1"),
    ("1,0", "--chapters 1,0: chapters count from 1"),
    ("", "--chapters is empty: give a number, a range like 2-4 or 3-, or a list like 1,3"),
    ("9", "--chapters 9: chapter 9 is past the end: the story has 6 chapter(s)"),
    ("2-x", "--chapters 2-x: '2-x' is not a number, a range like 2-4 or 3-, or a list like 1,3"),
])
def test_chapters_says_what_is_wrong_with_the_range(spec, says):
    with pytest.raises(InputError) as err:
        parse_chapters(spec, 6)
    assert str(err.value) == says


def test_an_empty_chapters_option_builds_nothing(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("A Tale\n\nChapter 1\n\nAnn sat.\n")
    res = CliRunner().invoke(main, ["build", str(story), "--chapters", "", "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "--chapters is empty" in res.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.mp3"))


def _png(width=2, height=2) -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_a_cover_must_be_a_whole_image_of_a_sensible_size(tmp_path):
    from talecast.render.tags import read_cover

    good = tmp_path / "good.png"
    good.write_bytes(_png())
    assert read_cover(good) == _png()
    corrupt = tmp_path / "corrupt.png"
    corrupt.write_bytes(_png()[:40])
    with pytest.raises(InputError, match="the cover image is damaged"):
        read_cover(corrupt)
    zeros = tmp_path / "zeros.png"
    zeros.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (50 * 1024 * 1024))
    with pytest.raises(InputError, match="larger than 16 MiB"):
        read_cover(zeros)


def _tiny_epub(path, opf: str):
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                   'full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("content.opf", opf)
        z.writestr("c1.xhtml", "<html><body><p>Hello there.</p></body></html>")
    return path


def test_an_opf_with_a_dtd_says_so(tmp_path):
    opf = ('<?xml version="1.0"?><!DOCTYPE package [<!ENTITY t "x">]><package '
           'xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id"><metadata '
           'xmlns:dc="http://purl.org/dc/elements/1.1/">&t;<dc:title>T</dc:title><dc:identifier id="id">x'
           '</dc:identifier></metadata><manifest>&t;<item id="c1" href="c1.xhtml" '
           'media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>')
    res = CliRunner().invoke(main, ["script", str(_tiny_epub(tmp_path / "dtd.epub", opf))])
    assert res.exit_code == 2
    assert res.output.strip().endswith("its package document (content.opf) has a DTD (<!DOCTYPE or "
                                       "<!ENTITY), which EPUB does not allow and talecast does not read")


def test_the_entry_limit_in_the_refusal_is_the_documented_one(tmp_path, monkeypatch):
    from talecast.read import epub

    monkeypatch.setattr(epub, "MAX_ENTRY", 1024 * 1024)
    big = tmp_path / "big.epub"
    _epub_with_lying_entry(big, real=2 * 1024 * 1024, declared=2 * 1024 * 1024 + 31)
    res = CliRunner().invoke(main, ["script", str(big)])
    assert res.exit_code == 2 and "unpacks to more than 1 MiB (the limit for one entry" in res.output
    docs = (Path(__file__).resolve().parent.parent / "docs" / "reading.md").read_text()
    assert "more than 64 MiB" in docs and epub.MAX_ENTRY == 1024 * 1024  # (patched here; 64 MiB in the code)
