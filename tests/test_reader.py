"""The reader's rules, each on a small inline text: decoding, front matter,
chapters, tables of contents, Project Gutenberg boilerplate."""
import codecs

import pytest

from talecast.read import headings, plain, read
from talecast.read.decoding import read_text, repair_mojibake
from talecast.errors import InputError
from talecast.read import decode, parse
from talecast.read.headings import heading_info


def titles(text):
    return [c.title for c in parse(text).chapters]


def body(doc, raw):
    return [doc.source[b.start:b.end] for b in raw.blocks]


PROSE = "She walked along the river for a long time, thinking about nothing at all."


# --- decoding ------------------------------------------------------------------------

def test_utf8_with_bom_keeps_the_bom_so_offsets_match_a_plain_utf8_read():
    text = decode(codecs.BOM_UTF8 + "Café “quoted”.".encode())
    assert text == "\ufeffCafé “quoted”."


def test_utf16_with_bom():
    assert decode("Hello “world”, naïve café.".encode("utf-16")) == "Hello “world”, naïve café."


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(enc):
    assert decode("Plain English text, with a line.\n".encode(enc)) == "Plain English text, with a line.\n"


def test_windows_1252_smart_quotes_and_accents():
    raw = "\u201cIt\u2019s a caf\u00e9,\u201d she said \u2014 na\u00efvely.".encode("cp1252")
    assert decode(raw) == "“It’s a café,” she said — naïvely."


def test_latin1_file():
    assert decode("Mme. Née, the employé, was outré.".encode("latin-1")) == "Mme. Née, the employé, was outré."


def test_mojibake_is_repaired():
    # what a Windows program makes of UTF-8 read as Windows-1252 (undefined bytes kept as C1 controls)
    broken = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                     for b in "“Don’t,” said the café owner.".encode("utf-8"))
    assert decode(broken.encode("utf-8")) == "“Don’t,” said the café owner."


def test_genuine_latin1_letters_are_not_mistaken_for_mojibake():
    assert repair_mojibake("Ã la carte, Âge, déjà vu") == "Ã la carte, Âge, déjà vu"


@pytest.mark.parametrize("data", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                                  bytes(range(256)) * 4, b"\x00\x01\x02\x03binary\x00\x00"])
def test_a_file_that_is_not_text_is_refused(data):
    with pytest.raises(InputError, match="not a text file"):
        decode(data, "x.txt")


def test_an_empty_file_is_refused():
    with pytest.raises(InputError, match="empty"):
        decode(b" \n\r\n", "x.txt")


def test_read_text_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_crlf_paragraphs_are_split_on_blank_lines_only():
    text = "Line one\r\nline two.\r\n\r\nNext paragraph.\r\n"
    assert [text[b.start:b.end] for b in plain.paragraphs(text)] == ["Line one\r\nline two.", "Next paragraph."]


def test_a_text_without_blank_lines_has_one_paragraph_a_line():
    text = "First line.\nSecond line.\nThird."
    assert len(plain.paragraphs(text)) == 3


# --- headings --------------------------------------------------------------------------

@pytest.mark.parametrize("line,title", [
    ("Chapter 1", "Chapter 1"),
    ("CHAPTER I.", "Chapter I"),
    ("Chapter One", "Chapter One"),
    ("Part III", "Part III"),
    ("Book II", "Book II"),
    ("STAVE I:  MARLEY'S GHOST", "Stave I: Marley's Ghost"),
    ("CHAPTER I. Looking-Glass house", "Chapter I: Looking-Glass house"),
    ("Chapter 3: The Storm", "Chapter 3: The Storm"),
    ("CHAPTER THE LAST", "Chapter the Last"),
    ("Prologue", "Prologue"),
    ("Epilogue: Ten Years Later", "Epilogue: Ten Years Later"),
    ("I. A SCANDAL IN BOHEMIA", "A Scandal in Bohemia"),
    ("# The Beginning", "The Beginning"),
    ("FIRST ACT", "First Act"),
])
def test_heading_forms(line, title):
    h = heading_info(line)
    assert h is not None and h.title == title


@pytest.mark.parametrize("line", [
    "Chapter and verse were quoted at him.", "part of the problem", "letter one or two stiff gales",
    "The chapter ended there.", "I. was happy", "1. buy milk", "Book two tickets, please, for the show tonight;",
])
def test_prose_is_not_a_heading(line):
    h = heading_info(line)
    assert h is None or h.level > headings.SECTION


def test_chapters_split_the_body():
    doc = parse(f"Chapter 1\n\n{PROSE}\n\nChapter 2\n\n{PROSE} Again.\n")
    assert [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2"]
    assert body(doc, doc.chapters[1]) == [f"{PROSE} Again."]


def test_subtitle_on_the_same_line_and_on_the_next_line():
    assert titles(f"Chapter 1: The Storm\n\n{PROSE}\n\nChapter 2\n\nThe Calm\n\n{PROSE}\n") == \
        ["Chapter 1: The Storm", "Chapter 2: The Calm"]


def test_subtitle_on_the_next_line_of_the_same_block():
    doc = parse(f"CHAPTER IV\nTHE LONG NIGHT\n\n{PROSE}\n")
    assert doc.chapters[0].title == "Chapter IV: The Long Night"
    assert body(doc, doc.chapters[0]) == [PROSE]


def test_heading_and_first_paragraph_in_one_block_are_split():
    doc = parse(f"Chapter 1\n{PROSE}\nIt went on and on, and on some more, as rivers do.\n")
    assert doc.chapters[0].title == "Chapter 1"
    assert body(doc, doc.chapters[0])[0].startswith("She walked")


def test_markdown_headings():
    doc = parse(f"# My Story\n\nby Someone\n\n## One\n\n{PROSE}\n\n## Two\n\n{PROSE}\n")
    assert doc.title == "My Story" and doc.author == "Someone"
    assert [c.title for c in doc.chapters] == ["One", "Two"]


def test_prologue_and_epilogue_are_chapters():
    assert titles(f"Prologue\n\n{PROSE}\n\nChapter 1\n\n{PROSE}\n\nEpilogue\n\n{PROSE}\n") == \
        ["Prologue", "Chapter 1", "Epilogue"]


def test_numbered_story_collection():
    text = f"I. A SCANDAL IN BOHEMIA\n\n{PROSE}\n\nII. THE RED-HEADED LEAGUE\n\n{PROSE}\n"
    assert titles(text) == ["A Scandal in Bohemia", "The Red-headed League"]


def test_bare_numerals_inside_chapters_are_sections_not_chapters():
    text = f"ADVENTURE I. A SCANDAL\n\nI.\n\n{PROSE}\n\nII.\n\n{PROSE}\n\nADVENTURE II. THE LEAGUE\n\n{PROSE}\n"
    doc = parse(text)
    assert [c.title for c in doc.chapters] == ["Adventure I: A Scandal", "Adventure II: The League"]
    sections = [b for b in doc.chapters[0].blocks if b.kind == "section"]
    assert [b.label for b in sections] == ["1", "2"]


def test_bare_numerals_are_chapters_when_there_is_nothing_else():
    assert titles(f"1\n\n{PROSE}\n\n2\n\n{PROSE}\n\n3\n\n{PROSE}\n") == ["Chapter 1", "Chapter 2", "Chapter 3"]


def test_a_number_out_of_sequence_is_not_a_heading():
    doc = parse(f"Chapter 1\n\n{PROSE}\n\n365\n\n{PROSE}\n")
    assert len(doc.chapters) == 1 and not any(b.kind for b in doc.chapters[0].blocks)


def test_part_heading_before_a_chapter_prefixes_its_title():
    text = f"Part One\n\nChapter 1\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n\nPart Two\n\nChapter 3\n\n{PROSE}\n"
    assert titles(text) == ["Part One, Chapter 1", "Chapter 2", "Part Two, Chapter 3"]


def test_chapter_numbers_restarting_in_each_volume_are_not_a_table_of_contents():
    text = (f"VOL. I.\n\nCHAPTER I.\n\n{PROSE}\n\nCHAPTER II.\n\n{PROSE}\n\n"
            f"VOL. II.\n\nCHAPTER I.\n\n{PROSE}\n\nCHAPTER II.\n\n{PROSE}\n")
    assert titles(text) == ["Volume I, Chapter I", "Chapter II", "Volume II, Chapter I", "Chapter II"]


# --- tables of contents ----------------------------------------------------------------------

def test_table_of_contents_as_a_run_of_headings_is_dropped():
    text = (f"Contents\n\nChapter 1\n\nChapter 2\n\nChapter 1\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n")
    doc = parse(text)
    assert [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2"]
    assert all(c.blocks for c in doc.chapters)
    assert [why for _, _, why in doc.dropped] == ["table of contents"] * 3


def test_table_of_contents_as_one_block_of_entries_is_dropped():
    toc = "   I. The Storm\n  II. The Calm\n III. The End"
    doc = parse(f"{toc}\n\nI. THE STORM\n\n{PROSE}\n\nII. THE CALM\n\n{PROSE}\n\nIII. THE END\n\n{PROSE}\n")
    assert len(doc.chapters) == 3
    assert doc.dropped[0][2] == "table of contents"


def test_table_of_contents_without_a_contents_line_is_dropped():
    text = f"Chapter 1\n\nChapter 2\n\nChapter 3\n\nChapter 1\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n\nChapter 3\n\n{PROSE}\n"
    doc = parse(text)
    assert len(doc.chapters) == 3 and all(c.blocks for c in doc.chapters)


def test_table_of_contents_with_subtitles_and_a_list_of_illustrations():
    text = ("CONTENTS.\n\nCHAPTER I. The Storm.--A Wreck.\n\nCHAPTER II. The Calm.--Rescue.\n\n"
            "ILLUSTRATIONS.\n\nThe Wreck\n\nThe Boat\n\nPREFACE\n\n"
            f"{PROSE} {PROSE}\n\nCHAPTER I.\n\n{PROSE}\n\nCHAPTER II.\n\n{PROSE}\n")
    doc = parse(text)
    assert [c.title for c in doc.chapters] == ["Chapter I", "Chapter II"]
    notes = [doc.source[b.start:b.end] for b in doc.notes]
    assert notes[0] == "PREFACE" and len(notes) == 2
    assert sum(why == "table of contents" for _, _, why in doc.dropped) == 6


# --- front matter -----------------------------------------------------------------------

def test_title_and_author_from_the_top():
    doc = parse(f"The Long Walk\n\nby Jane Doe\n\nChapter 1\n\n{PROSE}\n")
    assert (doc.title, doc.author) == ("The Long Walk", "Jane Doe")


def test_title_page_in_capitals_with_by_on_its_own_line():
    doc = parse(f"THE LONG WALK\n\nBY\n\nJANE DOE\n\nChapter 1\n\n{PROSE}\n")
    assert (doc.title, doc.author) == ("The Long Walk", "Jane Doe")
    assert doc.title_block.start == 0 and doc.source[doc.author_block.start:doc.author_block.end] == "JANE DOE"


def test_front_matter_before_the_first_chapter_is_notes():
    text = (f"The Long Walk\n\nby Jane Doe\n\nSummary: A walk.\n\nAuthor's Note: Thanks to my beta.\n\n"
            f"Disclaimer: not mine.\n\nChapter 1\n\n{PROSE}\n")
    doc = parse(text)
    assert [doc.source[b.start:b.end] for b in doc.notes] == \
        ["Summary: A walk.", "Author's Note: Thanks to my beta.", "Disclaimer: not mine."]


def test_notes_in_a_story_without_chapters():
    text = f"The Long Walk\n\nby Jane Doe\n\nA/N: my first story!\n\n{PROSE}\n\nA/N: thanks for reading!\n"
    doc = parse(text)
    assert [doc.source[b.start:b.end] for b in doc.notes] == ["A/N: my first story!"]
    kinds = [b.kind for b in doc.chapters[0].blocks]
    assert kinds == ["", "note"]


def test_end_notes_after_the_story_are_notes():
    doc = parse(f"Chapter 1\n\n{PROSE}\n\nEnd Notes\n\nThank you for reading.\n")
    assert [b.kind for b in doc.chapters[0].blocks] == ["", "note", "note"]


def test_gutenberg_header_licence_and_credits_are_dropped():
    text = ("The Project Gutenberg EBook of The Walk\r\n\r\nTitle: The Walk\r\n\r\nAuthor: Jane Doe\r\n\r\n"
            "*** START OF THIS PROJECT GUTENBERG EBOOK THE WALK ***\r\n\r\nProduced by A. Volunteer\r\n\r\n"
            f"THE WALK\r\n\r\nby Jane Doe\r\n\r\n[Illustration: a river]\r\n\r\n{PROSE}\r\n\r\n"
            "End of the Project Gutenberg EBook of The Walk\r\n\r\n*** END OF THIS PROJECT GUTENBERG EBOOK ***\r\n"
            "Section 1. General Terms of Use\r\n")
    doc = parse(text)
    assert (doc.title, doc.author) == ("The Walk", "Jane Doe")
    whys = [why for _, _, why in doc.dropped]
    assert whys == ["Project Gutenberg header", "Project Gutenberg credits", "illustration marker",
                    "Project Gutenberg licence"]
    assert body(doc, doc.chapters[0]) == [PROSE]


def test_title_from_the_file_name_when_the_text_has_none():
    doc = parse(PROSE, "stories/the-long_walk.txt")
    assert doc.title == "The Long Walk" and doc.author is None


def test_read_parses_a_file(tmp_path):
    p = tmp_path / "s.txt"
    p.write_bytes(f"Chapter 1\n\n{PROSE}\n".encode("utf-16"))
    assert read(p).chapters[0].title == "Chapter 1"


def test_markdown_top_level_headings_are_chapters_when_there_are_several():
    doc = parse(f"# One\n\n{PROSE}\n\n# Two\n\n{PROSE}\n", "story.md")
    assert [c.title for c in doc.chapters] == ["One", "Two"] and doc.title == "Story"
    doc = parse(f"# Chapter 1\n\n{PROSE}\n\n# Chapter 2\n\n{PROSE}\n")
    assert [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2"]


def test_title_and_author_from_a_download_header():
    text = f"Title: The Long Walk\nAuthor: jdoe\nRating: T\n\nSummary: A walk.\n\nChapter 1\n\n{PROSE}\n"
    doc = parse(text)
    assert (doc.title, doc.author) == ("The Long Walk", "jdoe")
    assert [doc.source[b.start:b.end] for b in doc.notes] == ["Summary: A walk."]
