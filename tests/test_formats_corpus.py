"""Every .epub and .html of ../shared/corpus/stories builds into a sound Script.

Skips cleanly when ../shared is not beside the checkout.
"""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from conftest import STORIES
from talecast import pipeline
from talecast.read import read

FILES = sorted([*STORIES.glob("*.epub"), *STORIES.glob("*.html"), *STORIES.glob("*.htm")]) if STORIES.exists() else []
# The real chapters of the books we know (the corpus may hold others: they get the invariants only).
KNOWN = {
    "adventures-of-sherlock-holmes.epub": (12, "I. A SCANDAL IN BOHEMIA", "XII. THE ADVENTURE OF THE COPPER BEECHES",
                                           "The Adventures of Sherlock Holmes", "Arthur Conan Doyle"),
    "moby-dick.epub": (136, "Chapter 1. Loomings.", "Epilogue", "Moby-Dick", "Herman Melville"),
    "the-yellow-wallpaper.html": (1, "The Yellow Wallpaper", "The Yellow Wallpaper", "The Yellow Wallpaper",
                                  "Charlotte Perkins Gilman"),
}
BOILERPLATE = re.compile(r"Project Gutenberg|\*\*\*\s*(?:START|END) OF|Creative Commons|Gutenberg-tm|"
                         r"This eBook is for the use of anyone", re.I)


@pytest.fixture(scope="module", params=FILES or [None], ids=[f.name for f in FILES] or ["absent"])
def book(request):
    if request.param is None:
        pytest.skip("no EPUB or HTML stories in ../shared/corpus/stories")
    sc, chars = pipeline.script(request.param)
    return request.param, sc


def test_chapter_count_titles_and_tags(book):
    path, sc = book
    assert sc.chapters and sc.title
    if path.name in KNOWN:
        count, first, last, title, author = KNOWN[path.name]
        assert len(sc.chapters) == count
        assert (sc.chapters[0].title, sc.chapters[-1].title) == (first, last)
        assert (sc.title, sc.author) == (title, author)
    if path.suffix == ".epub":
        assert sc.cover and sc.cover[:3] in (b"\xff\xd8\xff", b"\x89PN")
        assert sc.language


def test_no_licence_or_header_text_is_read(book):
    _path, sc = book
    spoken = [s.text for s in sc.segments]
    assert not [t for t in spoken if BOILERPLATE.search(t)]


def test_every_chapter_has_story_text_and_offsets_hold(book):
    _path, sc = book
    for ch in sc.chapters:
        words = sum(len(s.text.split()) for s in ch.segments if s.kind in ("narration", "dialogue"))
        assert words >= 30, (ch.index, ch.title)
    for s in sc.segments:
        if s.kind in ("narration", "dialogue", "note"):
            assert sc.source[s.start:s.end] == s.text


def test_dropped_material_is_listed(book):
    path, sc = book
    if path.name in KNOWN and "gutenberg" in sc.source[:20000].lower():
        assert sc.dropped and any("Gutenberg" in why or "not part" in why for *_x, why in sc.dropped)


def test_sherlock_epub_reads_the_same_words_as_the_text_edition():
    epub, txt = STORIES / "adventures-of-sherlock-holmes.epub", STORIES / "adventures-of-sherlock-holmes.txt"
    if not (epub.exists() and txt.exists()):
        pytest.skip("the two Sherlock Holmes editions are not in ../shared")

    def words(path):
        doc = read(path)
        return sum(len(doc.source[b.start:b.end].split()) for c in doc.chapters for b in c.blocks)

    a, b = words(epub), words(txt)
    assert abs(a - b) / b < 0.02, (a, b)


@pytest.mark.slow
def test_build_two_moby_dick_chapters_titled_as_in_the_table_of_contents(tmp_path):
    """The Moby-Dick build criterion on two short chapters (the whole book takes most of an hour)."""
    from mutagen.id3 import ID3

    from talecast import build, voices

    path = STORIES / "moby-dick.epub"
    if not path.exists():
        pytest.skip("moby-dick.epub is not in ../shared")
    sc, chars = pipeline.script(path)
    chosen = tuple(c for c in sc.chapters if c.title in ("Chapter 122. Midnight Aloft.—Thunder and Lightning.",
                                                         "Epilogue"))
    assert len(chosen) == 2
    result = build.build(replace(sc, chapters=chosen), chars, voices.load(None), tmp_path)
    tags = [ID3(f) for f in result.files]
    assert [str(t["TIT2"]) for t in tags] == [c.title for c in chosen]
    assert all(str(t["TALB"]) == "Moby-Dick" and str(t["TPE1"]) == "Herman Melville" for t in tags)
    assert sc.cover and len(sc.cover) > 10_000
    assert all(t.getall("APIC") and t.getall("APIC")[0].data == sc.cover for t in tags)  # the book's cover
