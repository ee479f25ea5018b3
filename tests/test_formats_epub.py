"""EPUB reading: chapters, names, metadata, front matter, footnotes, and every hostile archive.

All books are made here, in a temp dir, by ``make_epub``; none is downloaded.
"""
from __future__ import annotations

import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from talecast import build, pipeline
from talecast.read import read
from talecast.errors import InputError
from talecast.read import epub as epub_mod
from helpers import spoken

XHTML = ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" '
         'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>{title}</title></head>'
         '<body{attrs}>{body}</body></html>')


def png(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG image."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def chapter(title: str, *paragraphs: str, heading: str = "h1") -> str:
    return f"<section epub:type=\"bodymatter chapter\"><{heading}>{title}</{heading}>" + \
        "".join(f"<p>{p}</p>" for p in paragraphs) + "</section>"


def make_epub(path: Path, docs, *, version: int = 3, title: str = "The Lantern Keeper",
              author: str = "Mara Quill", language: str = "en", cover: bytes | None = None,
              toc: str = "nav", mimetype: bytes | None = b"application/epub+zip", extra=(), guide=(),
              opf_prefix: str = "") -> Path:
    """Write an EPUB. ``docs`` is a list of dicts: name, body (XHTML), label (TOC entry or None),
    type (epub:type of <body>), linear (bool), children (nested TOC entries: (label, href))."""
    manifest, spine, nav_items, ncx_points = [], [], [], []
    files = {}
    for n, d in enumerate(docs):
        name = d["name"]
        attrs = f' epub:type="{d["type"]}"' if d.get("type") else ""
        files[f"OEBPS/{name}"] = XHTML.format(title=title, attrs=attrs, body=d["body"]).encode()
        manifest.append(f'<item id="d{n}" href="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="d{n}"' + ('' if d.get("linear", True) else ' linear="no"') + "/>")
        if d.get("label"):
            kids = d.get("children", ())
            sub_nav = "".join(f'<li><a href="{h}">{lab}</a></li>' for lab, h in kids)
            sub_ncx = "".join(f'<navPoint id="k{n}{i}"><navLabel><text>{lab}</text></navLabel>'
                              f'<content src="{h}"/></navPoint>' for i, (lab, h) in enumerate(kids))
            href = d.get("href", name)
            nav_items.append(f'<li><a href="{href}">{d["label"]}</a>' + (f"<ol>{sub_nav}</ol>" if kids else "")
                             + "</li>")
            ncx_points.append(f'<navPoint id="p{n}"><navLabel><text>{d["label"]}</text></navLabel>'
                              f'<content src="{href}"/>{sub_ncx}</navPoint>')
    meta_cover = ""
    if cover is not None:
        props = ' properties="cover-image"' if version == 3 else ""
        manifest.append(f'<item id="cover-img" href="images/cover.png" media-type="image/png"{props}/>')
        files["OEBPS/images/cover.png"] = cover
        meta_cover = '<meta name="cover" content="cover-img"/>'
    if toc in ("nav", "both"):
        files["OEBPS/nav.xhtml"] = XHTML.format(
            title="Contents", attrs="",
            body=f'<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>{"".join(nav_items)}</ol></nav>').encode()
        manifest.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
    if toc in ("ncx", "both"):
        files["OEBPS/toc.ncx"] = (
            '<?xml version="1.0" encoding="UTF-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
            f'version="2005-1"><head/><docTitle><text>{title}</text></docTitle>'
            f'<navMap>{"".join(ncx_points)}</navMap></ncx>').encode()
        manifest.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
    guide_xml = "".join(f'<reference type="{t}" href="{h}" title="{t}"/>' for t, h in guide)
    opf = (f'<?xml version="1.0" encoding="UTF-8"?>{opf_prefix}<package xmlns="http://www.idpf.org/2007/opf" '
           f'version="{version}.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           f'<dc:identifier id="id">urn:test:{title}</dc:identifier><dc:title>{title}</dc:title>'
           f'<dc:creator>{author}</dc:creator><dc:language>{language}</dc:language>{meta_cover}'
           f'<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta></metadata>'
           f'<manifest>{"".join(manifest)}</manifest>'
           f'<spine{" toc=" + chr(34) + "ncx" + chr(34) if toc in ("ncx", "both") else ""}>{"".join(spine)}</spine>'
           + (f"<guide>{guide_xml}</guide>" if guide else "") + "</package>")
    files["OEBPS/content.opf"] = opf.encode()
    files["META-INF/container.xml"] = (
        '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        '</rootfiles></container>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        if mimetype is not None:
            zf.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            zf.writestr(name, data)
        for entry in extra:
            if isinstance(entry, zipfile.ZipInfo):
                zf.writestr(entry, b"x")
            else:
                zf.writestr(entry[0], entry[1])
    return path


def story_docs():
    """A small book: cover page, title page, copyright, dedication, three chapters, a licence."""
    return [
        dict(name="cover.xhtml", body='<div><img src="images/cover.png" alt="Cover"/></div>', type="cover"),
        dict(name="title.xhtml", body="<h1>The Lantern Keeper</h1><p>by Mara Quill</p>", label="The Lantern Keeper",
             type="frontmatter titlepage"),
        dict(name="copyright.xhtml", body="<p>Copyright 2024 Mara Quill. All rights reserved.</p>",
             label="Copyright", type="frontmatter copyright-page"),
        dict(name="dedication.xhtml", body="<p>For everyone who keeps a light on.</p>", label="Dedication",
             type="frontmatter dedication"),
        dict(name="ch1.xhtml", label="Chapter One: The Tower",
             body=chapter("Chapter One: The Tower", "The tower stood alone on the cliff.",
                          "“Who goes there?” called Edda.")),
        dict(name="ch2.xhtml", label="Chapter Two: The Storm",
             body=chapter("Chapter Two: The Storm", "Rain hammered the glass all night.")),
        dict(name="ch3.xhtml", label="Chapter Three: Morning",
             body=chapter("Chapter Three: Morning", "The sea was calm at last.")),
        dict(name="licence.xhtml", label="License", type="backmatter",
             body="<h1>License</h1><p>This work is licensed under a Creative Commons licence.</p>"),
    ]


# --- chapters and names -------------------------------------------------------------

@pytest.mark.parametrize("version,toc", [(3, "nav"), (2, "ncx"), (3, "both")])
def test_chapters_follow_spine_named_from_nav_or_ncx(tmp_path, version, toc):
    doc = read(make_epub(tmp_path / "book.epub", story_docs(), version=version, toc=toc))
    assert [c.title for c in doc.chapters] == ["Chapter One: The Tower", "Chapter Two: The Storm",
                                               "Chapter Three: Morning"]
    first = doc.chapters[0]
    assert doc.source[first.heading.start:first.heading.end] == "Chapter One: The Tower"
    assert [doc.source[b.start:b.end] for b in first.blocks] == ["The tower stood alone on the cliff.",
                                                                "“Who goes there?” called Edda."]


@pytest.mark.parametrize("name", ["download", "book.zip", "book.txt"])
def test_an_epub_is_recognised_by_content_whatever_its_name(tmp_path, name):
    doc = read(make_epub(tmp_path / name, story_docs()))
    assert len(doc.chapters) == 3 and doc.title == "The Lantern Keeper"


def test_metadata_title_author_language_and_cover(tmp_path):
    image = png()
    doc = read(make_epub(tmp_path / "book.epub", story_docs(), cover=image, language="en-GB"))
    assert (doc.title, doc.author, doc.language) == ("The Lantern Keeper", "Mara Quill", "en-GB")
    assert doc.cover == image


def test_a_cover_that_is_not_jpeg_or_png_is_left_out(tmp_path):
    doc = read(make_epub(tmp_path / "book.epub", story_docs(), cover=b"GIF89a" + b"\0" * 40))
    assert doc.cover is None


def test_epub2_cover_from_meta_name_cover(tmp_path):
    image = png(3, 1)
    doc = read(make_epub(tmp_path / "book.epub", story_docs(), version=2, toc="ncx", cover=image))
    assert doc.cover == image


def test_cover_found_through_the_guide_cover_page(tmp_path):
    docs = story_docs()
    path = make_epub(tmp_path / "book.epub", docs, version=2, toc="ncx", guide=[("cover", "cover.xhtml")])
    with zipfile.ZipFile(path, "a") as zf:  # an image the cover page shows, listed without a cover flag
        zf.writestr("OEBPS/images/cover.png", png(1, 1))
    text = zipfile.ZipFile(path).read("OEBPS/content.opf").decode()
    rebuilt = tmp_path / "guide.epub"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "OEBPS/content.opf":
                data = text.replace("</manifest>", '<item id="img" href="images/cover.png" '
                                    'media-type="image/png"/></manifest>').encode()
            dst.writestr(info, data)
    assert read(rebuilt).cover == png(1, 1)


def test_front_matter_is_notes_and_title_copyright_cover_licence_are_dropped(tmp_path):
    doc = read(make_epub(tmp_path / "book.epub", story_docs(), cover=png()))
    assert [doc.source[b.start:b.end] for b in doc.notes] == ["For everyone who keeps a light on."]
    read_aloud = " ".join(spoken(doc))
    for text in ("Copyright 2024", "Creative Commons", "by Mara Quill", "Cover"):
        assert text not in read_aloud
    reasons = " ".join(why for _s, _e, why in doc.dropped)
    assert "Copyright" in reasons and "License" in reasons
    # what was dropped is still in the extracted text, where `dropped` points
    assert any("Creative Commons" in doc.source[s:e] for s, e, _ in doc.dropped)


def test_a_title_page_named_by_a_shorter_title_is_dropped(tmp_path):
    docs = story_docs()
    docs[1] = dict(docs[1], label="The Lantern Keeper")
    doc = read(make_epub(tmp_path / "book.epub", docs, title="The Lantern Keeper; or, A Light at Sea"))
    assert [c.title for c in doc.chapters][0] == "Chapter One: The Tower"


def test_table_of_contents_page_in_the_spine_is_not_read(tmp_path):
    docs = story_docs()
    docs.insert(1, dict(name="contents.xhtml", label="Contents", type="frontmatter toc",
                        body='<h1>Contents</h1><p><a href="ch1.xhtml">Chapter One</a></p>'
                             '<p><a href="ch2.xhtml">Chapter Two</a></p>'))
    doc = read(make_epub(tmp_path / "book.epub", docs))
    assert len(doc.chapters) == 3
    assert "Contents" not in " ".join(spoken(doc))


def test_footnote_markers_and_footnotes_are_not_read(tmp_path):
    body = chapter("Chapter One", 'The lamp was old.<a epub:type="noteref" href="#n1">1</a> '
                   'It burned whale oil.<sup><a href="#n2">[2]</a></sup> It smoked.<sup>*</sup>') + \
        '<aside epub:type="footnote" id="n1"><p>Lamps of this kind were common.</p></aside>' \
        '<p>Then <span class="pagenum">[Pg 7]</span>night fell.<a href="notes.xhtml#n3"><sup>3</sup></a></p>' \
        '<p>It was 1<sup>st</sup> May; the room was 9 m<sup>2</sup>.</p>'
    docs = [dict(name="ch1.xhtml", label="Chapter One", body=body),
            dict(name="ch2.xhtml", label="Chapter Two", body=chapter("Chapter Two", "Dawn."))]
    doc = read(make_epub(tmp_path / "book.epub", docs))
    assert spoken(doc)[:3] == ["The lamp was old. It burned whale oil. It smoked.", "Then night fell.",
                               "It was 1st May; the room was 9 m2."]


def test_nested_entries_in_the_same_file_are_sections_not_chapters(tmp_path):
    body = chapter("I. THE TOWER", '<span id="s1"></span>First part.') + '<h3 id="s2">II.</h3><p>Second part.</p>'
    docs = [dict(name="ch1.xhtml", label="I. THE TOWER", body=body,
                 children=[("I.", "ch1.xhtml#s1"), ("II.", "ch1.xhtml#s2")]),
            dict(name="ch2.xhtml", label="II. THE STORM", body=chapter("II. THE STORM", "Rain."))]
    for toc in ("nav", "ncx"):
        doc = read(make_epub(tmp_path / f"{toc}.epub", docs, toc=toc, version=3 if toc == "nav" else 2))
        assert [c.title for c in doc.chapters] == ["I. THE TOWER", "II. THE STORM"]


def test_nested_entries_opening_their_own_files_are_chapters(tmp_path):
    docs = [dict(name="part1.xhtml", label="Part One", body="<h1>Part One</h1><p>The early years.</p>",
                 children=[("Chapter 1", "c1.xhtml"), ("Chapter 2", "c2.xhtml")]),
            dict(name="c1.xhtml", body=chapter("Chapter 1", "Born.")),
            dict(name="c2.xhtml", body=chapter("Chapter 2", "Grew.")),
            ]
    doc = read(make_epub(tmp_path / "book.epub", docs))
    assert [c.title for c in doc.chapters] == ["Part One", "Chapter 1", "Chapter 2"]


def test_toc_fragments_cut_one_file_into_chapters(tmp_path):
    body = ('<h2 id="c1">One</h2><p>First chapter text.</p><h2 id="c2">Two</h2><p>Second chapter text.</p>'
            '<h2 id="c3">Three</h2><p>Third chapter text.</p>')
    docs = [dict(name="all.xhtml", label="One", href="all.xhtml#c1", body=body),
            dict(name="x2.xhtml", label="Two", href="all.xhtml#c2", body="", linear=False),
            dict(name="x3.xhtml", label="Three", href="all.xhtml#c3", body="", linear=False)]
    doc = read(make_epub(tmp_path / "book.epub", docs))
    assert [c.title for c in doc.chapters] == ["One", "Two", "Three"]
    assert [len(c.blocks) for c in doc.chapters] == [1, 1, 1]


def test_a_chapter_split_over_two_files_stays_one_chapter(tmp_path):
    docs = [dict(name="c1.xhtml", label="Chapter 1", body=chapter("Chapter 1", "Start of the chapter.")),
            dict(name="c1b.xhtml", body="<p>Rest of the chapter.</p>"),
            dict(name="c2.xhtml", label="Chapter 2", body=chapter("Chapter 2", "Next."))]
    doc = read(make_epub(tmp_path / "book.epub", docs))
    assert [len(c.blocks) for c in doc.chapters] == [2, 1]


def test_non_linear_spine_items_are_not_read(tmp_path):
    docs = story_docs() + [dict(name="extra.xhtml", body="<p>A pop-up map legend.</p>", linear=False)]
    doc = read(make_epub(tmp_path / "book.epub", docs))
    assert "map legend" not in doc.source


def test_without_a_table_of_contents_each_file_is_a_chapter(tmp_path):
    docs = [dict(name="a.xhtml", body=chapter("The Beginning", "Once.")),
            dict(name="b.xhtml", body=chapter("The End", "Twice."))]
    doc = read(make_epub(tmp_path / "book.epub", docs, toc="nav"))
    assert [c.title for c in doc.chapters] == ["The Beginning", "The End"]


def test_gutenberg_header_and_licence_inside_files_are_dropped(tmp_path):
    docs = [dict(name="h0.xhtml", body="<p>The Project Gutenberg eBook of The Lantern Keeper</p>"
                                       "<p>Title: The Lantern Keeper</p>"
                                       "<p>*** START OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***</p>"),
            dict(name="c1.xhtml", label="Chapter 1", body=chapter("Chapter 1", "Story text.")),
            dict(name="c2.xhtml", label="Chapter 2", body=chapter("Chapter 2", "More story.") +
                 "<p>*** END OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***</p>"
                 "<p>Section 1. General Terms of Use and Redistributing Project Gutenberg-tm electronic works</p>")]
    doc = read(make_epub(tmp_path / "book.epub", docs))
    assert spoken(doc) == ["Story text.", "More story."]
    assert [why for *_x, why in doc.dropped][-1] == "Project Gutenberg licence"


def test_offsets_index_the_extracted_text(tmp_path):
    sc, _ = pipeline.script(make_epub(tmp_path / "book.epub", story_docs()))
    segs = [s for s in sc.segments if s.kind in ("narration", "dialogue", "note")]
    assert segs and all(sc.source[s.start:s.end] == s.text for s in segs)
    assert any(s.kind == "dialogue" and s.text == "Who goes there?" for s in segs)


def test_script_text_format_shows_the_chapters(tmp_path):
    from click.testing import CliRunner

    from talecast.cli import main

    result = CliRunner().invoke(main, ["script", str(make_epub(tmp_path / "book.epub", story_docs()))])
    assert result.exit_code == 0, result.output
    heads = [line for line in result.output.splitlines() if line.startswith("===")]
    assert len(heads) == 3 and "Chapter Two: The Storm" in heads[1]
    assert "Creative Commons" not in result.output


# --- hostile archives ---------------------------------------------------------------------

def refused(path, *words):
    with pytest.raises(InputError) as info:
        read(path)
    message = str(info.value)
    assert str(path) in message
    for w in words:
        assert w in message, message
    return message


def test_path_traversal_entry_is_refused(tmp_path):
    book = make_epub(tmp_path / "book.epub", story_docs(), extra=[("OEBPS/../../evil.txt", b"x")])
    refused(book, "climbs out")
    assert not (tmp_path.parent / "evil.txt").exists()


@pytest.mark.parametrize("name", ["/etc/evil.xhtml", "C:/Windows/evil.xhtml", "\\\\server\\share\\x"])
def test_absolute_entry_names_are_refused(tmp_path, name):
    refused(make_epub(tmp_path / "book.epub", story_docs(), extra=[(zipfile.ZipInfo(name), b"x")]), "absolute")


def test_zip_bomb_by_ratio_is_refused(tmp_path):
    bomb = zipfile.ZipInfo("OEBPS/bomb.xhtml")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    path = make_epub(tmp_path / "book.epub", story_docs(), extra=[(bomb, b"\0" * (8 * 1024 * 1024))])
    t = time.monotonic()
    refused(path, "zip bomb")
    assert time.monotonic() - t < 2


def set_sizes(path: Path, entry: str, size: int) -> None:
    """Make ``entry`` claim ``size`` uncompressed bytes (a lying header) in both zip headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(entry)
    data[info.header_offset + 22:info.header_offset + 26] = size.to_bytes(4, "little")
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        n = int.from_bytes(data[pos + 28:pos + 30], "little")
        if bytes(data[pos + 46:pos + 46 + n]) == entry.encode():
            data[pos + 24:pos + 28] = size.to_bytes(4, "little")
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


def test_zip_bomb_with_lying_sizes_is_refused(tmp_path):
    docs = story_docs()
    docs[5] = dict(docs[5], body=docs[5]["body"] + "<p>" + " " * (16 * 1024 * 1024) + "x</p>")
    path = make_epub(tmp_path / "book.epub", docs)
    set_sizes(path, "OEBPS/ch2.xhtml", 2000)  # claims 2 kB, inflates to 16 MB
    t = time.monotonic()
    refused(path, "does not unpack to the 2000 bytes the archive declares")
    assert time.monotonic() - t < 5


def test_zip_bomb_by_total_size_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(epub_mod, "MAX_TOTAL", 4000)
    refused(make_epub(tmp_path / "book.epub", story_docs()), "unpacks to more than 4000 bytes")


def set_encrypted_flag(path: Path, entry: str) -> None:
    """Set the 'encrypted' bit of ``entry`` in the local header and the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(entry)
    data[info.header_offset + 6] |= 0x1
    name = entry.encode()
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        n = int.from_bytes(data[pos + 28:pos + 30], "little")
        if bytes(data[pos + 46:pos + 46 + n]) == name:
            data[pos + 8] |= 0x1
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


def test_a_huge_chapter_file_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(epub_mod, "MAX_HTML_BYTES", 300)
    refused(make_epub(tmp_path / "book.epub", story_docs()), "bytes of XHTML", "the limit is 300")


def test_encrypted_entries_are_refused_as_drm(tmp_path):
    path = make_epub(tmp_path / "book.epub", story_docs())
    set_encrypted_flag(path, "OEBPS/ch1.xhtml")
    assert zipfile.ZipFile(path).getinfo("OEBPS/ch1.xhtml").flag_bits & 0x1
    refused(path, "encrypted", "DRM")


def test_encryption_xml_for_content_is_drm(tmp_path):
    enc = (b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
           b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod '
           b'Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData>'
           b'<enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>')
    refused(make_epub(tmp_path / "book.epub", story_docs(), extra=[("META-INF/encryption.xml", enc)]),
            "DRM-protected", "DRM-free")


def test_font_obfuscation_alone_is_not_drm(tmp_path):
    enc = (b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
           b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod '
           b'Algorithm="http://www.idpf.org/2008/embedding"/><enc:CipherData>'
           b'<enc:CipherReference URI="OEBPS/fonts/a.otf"/></enc:CipherData></enc:EncryptedData></encryption>')
    doc = read(make_epub(tmp_path / "book.epub", story_docs(), extra=[("META-INF/encryption.xml", enc)]))
    assert len(doc.chapters) == 3


@pytest.mark.parametrize("drm", ["META-INF/rights.xml", "META-INF/sinf.xml"])
def test_drm_rights_files_are_refused(tmp_path, drm):
    refused(make_epub(tmp_path / "book.epub", story_docs(), extra=[(drm, b"<rights/>")]), "DRM-protected")


def test_a_text_file_named_epub_is_refused(tmp_path):
    fake = tmp_path / "book.epub"
    fake.write_text("Chapter 1\n\nJust text pretending.\n")
    refused(fake, "not an EPUB", "is not one")


def test_a_zip_that_is_not_an_epub_is_refused(tmp_path):
    path = tmp_path / "photos.epub"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("holiday.jpg", b"\xff\xd8\xff not really")
    refused(path, "not an EPUB", "container.xml")


def test_a_zip_with_the_wrong_mimetype_is_refused(tmp_path):
    refused(make_epub(tmp_path / "doc.epub", story_docs(), mimetype=b"application/vnd.oasis.opendocument.text"),
            "not an EPUB", "mimetype")


def test_a_truncated_epub_is_refused(tmp_path):
    good = make_epub(tmp_path / "good.epub", story_docs()).read_bytes()
    cut = tmp_path / "cut.epub"
    cut.write_bytes(good[: len(good) // 2])
    refused(cut, "not an EPUB")


def test_an_epub_whose_package_is_missing_is_refused(tmp_path):
    path = tmp_path / "hollow.epub"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", b"application/epub+zip")
        zf.writestr("META-INF/container.xml", b'<?xml version="1.0"?><container version="1.0" '
                    b'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                    b'full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
                    b'</container>')
    refused(path, "not a readable EPUB")


LAUGHS = ('<!DOCTYPE package [<!ENTITY a "lollollollollollollollollollol">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")


def test_entity_expansion_in_the_package_and_content_is_not_expanded(tmp_path):
    docs = story_docs()
    docs[4] = dict(docs[4], body=docs[4]["body"].replace("The tower", "&i; The tower"))
    path = make_epub(tmp_path / "book.epub", docs, opf_prefix=LAUGHS)
    t = time.monotonic()
    doc = read(path)
    assert time.monotonic() - t < 5
    assert len(doc.source) < 10_000 and "lollollol" not in doc.source


def test_hostile_titles_never_lead_outside_the_output_folder(tmp_path):
    docs = [dict(name="c1.xhtml", label="../../../etc/passwd", body=chapter("x", "One.")),
            dict(name="c2.xhtml", label="/abs/..\\..\\name\u0000\n", body=chapter("y", "Two."))]
    doc = read(make_epub(tmp_path / "book.epub", docs, title="../../escape/\u0000"))
    out = (tmp_path / "out").resolve()
    folder = out / build.slugify(doc.title)
    for c in doc.chapters:
        target = (folder / f"01 - {build.file_title(c.title)}.mp3").resolve()
        assert target.is_relative_to(folder) and folder.is_relative_to(out)
        assert "\u0000" not in c.title and "\n" not in c.title


def test_the_cli_reports_a_drm_book_in_one_line(tmp_path):
    from click.testing import CliRunner

    from talecast.cli import main

    book = make_epub(tmp_path / "book.epub", story_docs(), extra=[("META-INF/rights.xml", b"<rights/>")])
    result = CliRunner().invoke(main, ["script", str(book)])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and "DRM" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_build_a_small_epub_into_chapter_mp3s_inside_the_output_folder(tmp_path):
    from mutagen.id3 import ID3

    from talecast import voices

    docs = [dict(name="c1.xhtml", label="../Chapter One", body=chapter("Chapter One", "The lamp was lit.")),
            dict(name="c2.xhtml", label="Chapter Two", body=chapter("Chapter Two", "It went out."))]
    sc, chars = pipeline.script(make_epub(tmp_path / "book.epub", docs, cover=png()))
    assert sc.cover == png()
    result = build.build(sc, chars, voices.load(None), tmp_path / "out")
    out = (tmp_path / "out").resolve()
    assert len(result.files) == 2
    assert all(f.resolve().is_relative_to(out) for f in result.files)
    assert [str(ID3(f)["TIT2"]) for f in result.files] == ["../Chapter One", "Chapter Two"]
    assert all(ID3(f).getall("APIC")[0].data == png() for f in result.files)
    assert sorted(p.name for p in out.rglob("*.mp3")) == ["01 - ..Chapter One.mp3", "02 - Chapter Two.mp3"]
