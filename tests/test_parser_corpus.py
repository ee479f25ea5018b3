"""The parser over real books: ../shared/corpus (public-domain Gutenberg files,
byte for byte), the PDNC development novels and the seed story. Each test
skips cleanly when ../shared is not beside the checkout."""
import re

import pytest
from conftest import SHARED, STORIES, need_seed

from talecast import model
from talecast.read import read
from talecast.segment import SINGLE, coverage_problems, quote_style, segment

PDNC = SHARED / "corpus" / "pdnc-dev"

# The books' own chapter counts, read from each book.
CHAPTERS = {
    "a-christmas-carol.txt": 5,                 # Stave I..V (the preface is front matter)
    "adventures-of-sherlock-holmes.txt": 12,    # twelve adventures; I., II. inside them are sections
    "frankenstein.txt": 28,                     # Letter 1..4, Chapter 1..24
    "huckleberry-finn.txt": 43,                 # CHAPTER I..XLII and CHAPTER THE LAST
    "importance-of-being-earnest.txt": 3,       # FIRST, SECOND, THIRD ACT
    "the-gift-of-the-magi.txt": 1,
    "the-tale-of-peter-rabbit.txt": 1,
    "three-men-in-a-boat.txt": 19,
    "through-the-looking-glass.txt": 12,
    "ulysses.txt": 18,                          # episodes [ 1 ]..[ 18 ] in parts I-III
}
PDNC_CHAPTERS = {"PrideAndPrejudice": 61, "AlicesAdventuresInWonderland": 12, "TheSignOfTheFour": 12}


def story_files():
    if not STORIES.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus/stories is not here"))]
    return sorted(STORIES.glob("*.txt"), key=lambda p: p.name)


def _script(path):
    return segment(read(path))


@pytest.fixture(scope="module")
def scripts():
    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = _script(path)
        return cache[path]

    return get


@pytest.mark.parametrize("path", story_files(), ids=lambda p: getattr(p, "name", "none"))
def test_chapter_counts_are_the_books_own(path, scripts):
    assert path.name in CHAPTERS, f"add the real chapter count of {path.name} to CHAPTERS"
    sc = scripts(path)
    assert len(sc.chapters) == CHAPTERS[path.name], [c.title for c in sc.chapters]
    assert all(any(s.kind in (model.NARRATION, model.DIALOGUE) for s in c.segments) for c in sc.chapters)


@pytest.mark.parametrize("path", story_files(), ids=lambda p: getattr(p, "name", "none"))
def test_every_word_of_the_body_comes_out_once_in_order(path, scripts):
    assert coverage_problems(scripts(path)) == []


@pytest.mark.parametrize("path", story_files(), ids=lambda p: getattr(p, "name", "none"))
def test_nothing_is_read_from_the_gutenberg_licence(path, scripts):
    sc = scripts(path)
    boiler = [(s, e) for s, e, why in sc.dropped if "Project Gutenberg" in why]
    assert [why for _, _, why in sc.dropped if why == "Project Gutenberg licence"]
    for seg in sc.segments:
        assert not any(s < seg.end and seg.start < e for s, e in boiler)
        assert "project gutenberg" not in seg.text.lower() or seg.kind == model.TITLE


@pytest.mark.parametrize("path", story_files(), ids=lambda p: getattr(p, "name", "none"))
def test_no_dialogue_runs_past_a_closing_mark_into_narration(path, scripts):
    sc = scripts(path)
    body = [s for s in sc.segments if s.kind in (model.NARRATION, model.DIALOGUE)]
    style = quote_style(sc.source, body[0].start, body[-1].end)
    closing = re.compile(r"(?<=[.!?,;])['’]\s+\w" if style == SINGLE else r"[”\"]\s+\w")
    bad = [s.text[:80] for s in body if s.kind == model.DIALOGUE and closing.search(s.text)]
    assert bad == []


def test_titles_and_authors_come_from_the_books(scripts):
    if not STORIES.exists():
        pytest.skip("../shared/corpus/stories is not here")
    sc = scripts(STORIES / "a-christmas-carol.txt")
    assert (sc.title, sc.author) == ("A Christmas Carol", "Charles Dickens")
    assert [c.title for c in sc.chapters][0] == "Stave I: Marley's Ghost"
    huck = scripts(STORIES / "huckleberry-finn.txt")
    assert huck.chapters[-1].title == "Chapter the Last"
    assert any(why == "table of contents" for _, _, why in huck.dropped)


def test_single_quote_books_are_read_in_the_single_style(scripts):
    if not STORIES.exists():
        pytest.skip("../shared/corpus/stories is not here")
    glass = scripts(STORIES / "through-the-looking-glass.txt")
    said = [s for s in glass.segments if s.kind == model.DIALOGUE]
    assert len(said) > 1000
    assert not any(re.search(r"\w’\w", s.text) and s.text.startswith("s ") for s in said)


def test_dash_dialogue_in_ulysses(scripts):
    if not STORIES.exists():
        pytest.skip("../shared/corpus/stories is not here")
    sc = scripts(STORIES / "ulysses.txt")
    said = [s for s in sc.segments if s.kind == model.DIALOGUE]
    assert len(said) > 3000
    assert all(not s.text.startswith("—") for s in said)


@pytest.mark.parametrize("name", sorted(PDNC_CHAPTERS))
def test_pdnc_novels(name, scripts):
    path = PDNC / name / "novel_text.txt"
    if not path.exists():
        pytest.skip("../shared/corpus/pdnc-dev is not here")
    sc = scripts(path)
    assert len(sc.chapters) == PDNC_CHAPTERS[name]
    assert coverage_problems(sc) == []


# --- the seed story --------------------------------------------------------------------------

def _seed_quotes(text):
    """Every straight-double-quoted span within a paragraph: (content start, end, content).
    The one paragraph with an odd number of marks is checked on its own."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        marks = [m.start() for m in re.finditer('"', para.group())]
        if len(marks) % 2:
            continue
        for a, b in zip(marks[::2], marks[1::2]):
            out.append((para.start() + a + 1, para.start() + b, para.group()[a + 1:b]))
    return out


def _kind_at(sc, pos):
    for s in sc.segments:
        if s.start <= pos < s.end:
            return s.kind
    return None


def test_seed_has_one_chapter_part_iii():
    sc = _script(need_seed())
    assert [c.title for c in sc.chapters] == ["Part III"]
    assert (sc.title, sc.author) == ("Walking in Dreams", "Sweetprincipale")


def test_seed_quoted_phrases_inside_narration_are_narration():
    path = need_seed()
    sc = _script(path)
    text = sc.source
    phrases = [(a, b) for a, b, c in _seed_quotes(text)
               if not c.rstrip().endswith((".", ",", "!", "?", "…", "-"))]
    assert len(phrases) == 10
    assert [_kind_at(sc, a) for a, b in phrases] == [model.NARRATION] * 10


def test_seed_every_spoken_line_is_dialogue():
    path = need_seed()
    sc = _script(path)
    text = sc.source
    spoken = [(a, b) for a, b, c in _seed_quotes(text) if c.rstrip().endswith((".", ",", "!", "?", "…", "-"))]
    assert len(spoken) > 60
    assert [_kind_at(sc, a + (len(text[a:b]) - len(text[a:b].lstrip()))) for a, b in spoken] == \
        [model.DIALOGUE] * len(spoken)
    # the paragraph with an odd number of marks: its last mark closes speech whose opening mark is missing
    para = next(p for p in re.finditer(r"[^\n]+", text) if p.group().count('"') % 2)
    orphan = para.start() + para.group().rindex('"')
    seg = next(s for s in sc.segments if s.start <= orphan - 1 < s.end)
    assert seg.kind == model.DIALOGUE
    first_close = para.start() + para.group().index('"', 1)
    between = [s.kind for s in sc.segments if first_close < s.start < seg.start]
    assert model.NARRATION in between  # the narration before the recovered speech stays narration


def test_seed_every_word_in_order():
    assert coverage_problems(_script(need_seed())) == []
