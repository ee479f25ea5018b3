"""HTML stories: a single page, a fan-fiction archive download, hostile pages."""
from __future__ import annotations

import time

import pytest

from talecast import pipeline
from talecast.read import read
from talecast.errors import InputError
from talecast.read import html as html_mod
from talecast.read.detect import HTML, MARKDOWN, TEXT, sniff
from helpers import spoken


def write(tmp_path, text: str, name: str = "story.html"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>The Glass Orchard</title>
<meta name="author" content="Ines Harrow">
<style>p { color: red }</style><script>var secret = "never read this";</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/stories">Stories</a></nav>
<h1>The Glass Orchard</h1>
<p class="byline">by Ines Harrow</p>
<h2>Chapter 1</h2>
<p>The trees were made of glass &amp; light&mdash;every one of them.</p>
<p>Line one<br>line two</p>
<p><br><br><br></p>
<p>Later that day, &ldquo;Hello,&rdquo; said Pell.</p>
<h2>Chapter 2</h2>
<p>The wind rose.</p>
<hr>
<p>Night came.</p>
<footer><noscript>Enable JavaScript</noscript></footer>
</body></html>
"""


def test_chapters_come_from_the_repeated_heading_level(tmp_path):
    doc = read(write(tmp_path, PAGE))
    assert [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2"]
    assert (doc.title, doc.author, doc.language) == ("The Glass Orchard", "Ines Harrow", "en-GB")
    assert doc.source[doc.title_block.start:doc.title_block.end] == "The Glass Orchard"
    assert doc.source[doc.author_block.start:doc.author_block.end] == "by Ines Harrow"


def test_scripts_styles_and_navigation_are_never_read(tmp_path):
    doc = read(write(tmp_path, PAGE))
    text = " ".join(spoken(doc))
    for junk in ("secret", "color", "Home", "Stories", "JavaScript"):
        assert junk not in text and junk not in doc.source


def test_entities_breaks_and_paragraphs_are_respected(tmp_path):
    doc = read(write(tmp_path, PAGE))
    paras = [doc.source[b.start:b.end] for b in doc.chapters[0].blocks]
    assert paras == ["The trees were made of glass & light—every one of them.", "Line one\nline two", "* * *",
                     "Later that day, “Hello,” said Pell."]
    assert [doc.source[b.start:b.end] for b in doc.chapters[1].blocks] == ["The wind rose.", "* * *", "Night came."]


def test_scene_breaks_become_pauses_and_quotes_become_dialogue(tmp_path):
    sc, _ = pipeline.script(write(tmp_path, PAGE))
    kinds = [(s.kind, s.text) for s in sc.chapters[1].segments]
    assert ("break", "") in kinds
    assert any(s.kind == "dialogue" and s.text == "Hello," for s in sc.segments)
    assert all(sc.source[s.start:s.end] == s.text for s in sc.segments if s.kind in ("narration", "dialogue"))


def test_a_page_without_repeated_headings_is_one_chapter(tmp_path):
    doc = read(write(tmp_path, "<html><head><title>Short One</title></head><body>"
                                      "<p>Only a paragraph.</p><p>And another.</p></body></html>"))
    assert len(doc.chapters) == 1 and doc.title == "Short One"
    assert spoken(doc) == ["Only a paragraph.", "And another."]


AO3 = """<!DOCTYPE html>
<html><head><meta charset="UTF-8"><title>Salt and Thunder - Wren_Writes - Original Work</title></head>
<body>
<div id="preface">
  <p class="message"><b>Salt and Thunder</b><br/>Posted originally on the <a href="http://archiveofourown.org/">Archive of Our Own</a></p>
  <div class="meta">
    <dl class="tags"><dt>Rating:</dt><dd>General Audiences</dd></dl>
    <h1>Salt and Thunder</h1>
    <div class="byline">by <a rel="author" href="http://archiveofourown.org/users/Wren_Writes">Wren_Writes</a></div>
    <p>Summary</p><blockquote class="userstuff"><p>Two sailors and a storm.</p></blockquote>
  </div>
</div>
<div id="chapters" class="userstuff">
  <div class="meta group"><h2 class="heading">Chapter 1: Harbour</h2></div>
  <div class="userstuff"><p>The boats knocked together.</p></div>
  <div class="meta group"><h2 class="heading">Chapter 2: Open Water</h2></div>
  <div class="userstuff"><p>No land in sight.</p><p>"Hold on!" cried Tam.</p></div>
</div>
<div id="afterword"><p class="message">End Notes</p></div>
</body></html>
"""


def test_fan_fiction_archive_download(tmp_path):
    doc = read(write(tmp_path, AO3, "Salt_and_Thunder.html"))
    assert [c.title for c in doc.chapters] == ["Chapter 1: Harbour", "Chapter 2: Open Water"]
    assert doc.author == "Wren_Writes"
    assert doc.title == "Salt and Thunder"
    assert "Two sailors and a storm." in [doc.source[b.start:b.end] for b in doc.notes]
    assert [doc.source[b.start:b.end] for b in doc.chapters[1].blocks][:2] == ["No land in sight.",
                                                                               '"Hold on!" cried Tam.']


def test_a_table_of_contents_of_links_is_not_read(tmp_path):
    page = ("<html><body><h1>Book</h1><p><a href='#c1'>Chapter I</a></p><p><a href='#c2'>Chapter II</a></p>"
            "<h2 id='c1'>Chapter I</h2><p>Alpha.</p><h2 id='c2'>Chapter II</h2><p>Beta.</p></body></html>")
    doc = read(write(tmp_path, page))
    assert [c.title for c in doc.chapters] == ["Chapter I", "Chapter II"]
    assert spoken(doc) == ["Alpha.", "Beta."]
    assert sum(why == "table of contents" for *_x, why in doc.dropped) == 2


def test_gutenberg_html_header_in_pre_and_licence_are_dropped(tmp_path):
    page = ("<html><head><title>The Project Gutenberg eBook of Quiet Rooms, by Ada Lane</title></head><body>"
            "<pre>\nProject Gutenberg's Quiet Rooms\n\nTitle: Quiet Rooms\n\nAuthor: Ada Lane\n\n"
            "*** START OF THIS PROJECT GUTENBERG EBOOK QUIET ROOMS ***\n</pre>"
            "<p>The rooms were quiet.</p><pre>End of Project Gutenberg's Quiet Rooms\n\nSection 1. License</pre>"
            "</body></html>")
    doc = read(write(tmp_path, page, "1952-h.htm"))
    assert (doc.title, doc.author) == ("Quiet Rooms", "Ada Lane")
    assert spoken(doc) == ["The rooms were quiet."]


def test_legacy_encoding_is_taken_from_the_meta_charset(tmp_path):
    path = tmp_path / "old.html"
    path.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>Café “déjà vu”.</p></body></html>'
                     .encode("cp1252"))
    assert spoken(read(path)) == ["Café “déjà vu”."]


@pytest.mark.parametrize("text,name,kind", [
    ("<!DOCTYPE html><html><body><p>x</p></body></html>", "story.txt", HTML),
    ("<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", "noext", HTML),
    ("Chapter 1\n\nShe said <b> is a tag.", "story.txt", TEXT),
    ("<p>A fragment saved as html</p>", "page.htm", HTML),
    ("# One\n\nShe *ran*.\n", "draft.txt", MARKDOWN),
    ("# One\n\nPlain words only.\n", "draft.md", MARKDOWN),
    ("CHAPTER I.\n\nShe _ran_ away.\n", "book.txt", TEXT),
])
def test_format_is_chosen_by_content(tmp_path, text, name, kind):
    assert sniff(write(tmp_path, text, name)) == kind


# --- hostile pages ------------------------------------------------------------------------

def test_a_huge_html_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.html"
    with open(path, "wb") as fh:
        fh.write(b"<!DOCTYPE html><html><body><p>")
        fh.truncate(html_mod.MAX_HTML_BYTES + 1)  # sparse: costs no disk and no memory
    t = time.monotonic()
    with pytest.raises(InputError, match="too large"):
        read(path)
    assert time.monotonic() - t < 1


def test_entity_bombs_are_not_expanded(tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "lollollollol">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + ']><html><body><p>Laugh &i;</p><p>Quiet.</p></body></html>')
    t = time.monotonic()
    doc = read(write(tmp_path, laughs, "bomb.xhtml"))
    assert time.monotonic() - t < 2 and len(doc.source) < 1000


def test_absurdly_deep_nesting_is_an_error_not_a_crash(tmp_path):
    page = "<html><body>" + "<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000 + "</body></html>"
    try:
        doc = read(write(tmp_path, page))
    except InputError as exc:
        assert "no readable story text" in str(exc)
    else:
        assert spoken(doc) == ["deep"]


def test_external_entities_and_network_are_never_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<html><body><p>Before &x; after.</p><img src="http://example.invalid/x.png"/></body></html>')
    doc = read(write(tmp_path, page, "xxe.xhtml"))
    assert "TOP SECRET" not in doc.source
