"""The parser on kinds of books it was not built against (issue 17), each rule
on a small text of our own, with the boundary where it must not fire:

- a collection of tales headed only by their titles in capitals;
- a novel whose unheaded opening speaks (a frame story) before its first heading,
  and a short capitalised first line that is the book's title;
- heading edge cases: big chapter numbers, paragraphs with nothing to read.
"""
from pathlib import Path

import pytest
from click.testing import CliRunner

from talecast import model
from talecast.cli import main
from talecast.read import parse
from talecast.segment import coverage_problems, segment

FIXTURES = Path(__file__).parent / "fixtures"
LANTERN = FIXTURES / "the-lantern-road.txt"


def src(doc, b):
    return doc.source[b.start:b.end]


def titles(text):
    return [c.title for c in parse(text).chapters]


def tale(n, name):
    """A short tale of our own (about 90 words), with some speech, numbered so each differs."""
    return (f"There was once a {name} who lived at the end of the lane by the river, and every "
            f"morning for {n} years the {name} walked down to the water and looked across it. "
            f"\"What are you looking for?\" asked a boy one day, sitting on the wall.\n\n"
            f"\"For the one who went over,\" said the {name}, \"and did not come back.\" The boy "
            f"thought about this for a long while and then he went home, and when he was grown he "
            f"built a bridge there, so that nobody would ever have to wait so long again.")


FIVE = ["THE SILVER KEY.", "THE MILLER'S DAUGHTER.", "A WINTER'S NIGHT.", "THE OLD CLOCK.",
        "THE FERRYMAN."]
KEEPERS = ["locksmith", "miller", "shepherd", "clockmaker", "ferryman"]


# --- 1. a collection of tales headed by their titles ---------------------------------------------

def test_collection_fixture_has_one_chapter_per_tale_named_after_its_title():
    doc = parse(LANTERN.read_text(encoding="utf-8"), str(LANTERN))
    assert (doc.title, doc.author) == ("The Lantern Road and Other Tales", "Harriet Ashworth Mere")
    assert [c.title for c in doc.chapters] == [
        "The Silver Key", "The Lantern-maker of Hollow Ford", "A Letter from the North",
        "The Widow's Clock", "The Ferryman's Debt"]
    assert all(src(doc, c.heading).rstrip(".").isupper() for c in doc.chapters)


def test_collection_fixture_contents_is_dropped_not_read():
    doc = parse(LANTERN.read_text(encoding="utf-8"))
    toc = [doc.source[s:e] for s, e, why in doc.dropped if why == "table of contents"]
    assert toc and "THE WIDOW'S CLOCK" in "".join(toc)
    assert doc.notes == ()


def test_collection_fixture_epigraph_belongs_to_its_tale():
    doc = parse(LANTERN.read_text(encoding="utf-8"))
    first = doc.chapters[0].blocks[0]
    assert "Non omnis clavis" in src(doc, first) and first.kind == ""


def test_collection_fixture_star_footnote_is_a_note_of_its_tale():
    doc = parse(LANTERN.read_text(encoding="utf-8"))
    blocks = doc.chapters[1].blocks
    foot = [b for b in blocks if src(doc, b).startswith("*")]
    assert len(foot) == 1 and foot[0].kind == "note"
    assert [b.kind for b in blocks].count("note") == 1


def test_collection_fixture_notes_at_the_end_are_notes():
    doc = parse(LANTERN.read_text(encoding="utf-8"))
    last = doc.chapters[-1].blocks
    k = next(i for i, b in enumerate(last) if src(doc, b) == "NOTES.")
    assert all(b.kind == "note" for b in last[k:]) and len(last[k:]) == 4
    assert all(b.kind == "" for b in last[:k])


def test_collection_fixture_shouting_and_a_letter_heading_stay_inside_their_tales():
    doc = parse(LANTERN.read_text(encoding="utf-8"))
    second = [src(doc, b) for b in doc.chapters[1].blocks]
    third = [src(doc, b) for b in doc.chapters[2].blocks]
    assert "THE BELL! THE BELL!" in second
    assert "KIRKBY MOOR, THE FOURTH OF MARCH." in third and "MY DEAR BROTHER," in third


def test_collection_fixture_is_read_whole_with_its_speech():
    sc = segment(parse(LANTERN.read_text(encoding="utf-8")))
    assert coverage_problems(sc) == []
    per_chapter = [sum(s.kind == model.DIALOGUE for s in c.segments) for c in sc.chapters]
    assert all(n >= 2 for n in per_chapter), per_chapter


def test_five_tales_without_contents_are_five_chapters():
    text = "\n\n".join(f"{t}\n\n{tale(n, k)}" for n, (t, k) in enumerate(zip(FIVE, KEEPERS), 3))
    assert titles(text) == ["The Silver Key", "The Miller's Daughter", "A Winter's Night", "The Old Clock",
                            "The Ferryman"]


def test_two_tales_listed_in_a_contents_are_two_chapters():
    text = (f"CONTENTS\n\nTHE SILVER KEY\n\nTHE OLD CLOCK\n\nTHE SILVER KEY.\n\n{tale(3, 'locksmith')}\n\n"
            f"THE OLD CLOCK.\n\n{tale(4, 'clockmaker')}\n")
    doc = parse(text)
    assert [c.title for c in doc.chapters] == ["The Silver Key", "The Old Clock"]
    assert [why for _, _, why in doc.dropped] == ["table of contents"] * 3


def test_two_all_caps_lines_without_a_contents_are_not_a_collection():
    text = f"THE SILVER KEY.\n\n{tale(3, 'locksmith')}\n\nTHE OLD CLOCK.\n\n{tale(4, 'clockmaker')}\n"
    assert len(parse(text).chapters) == 1


def test_a_tale_title_in_the_notes_at_the_end_is_not_a_new_tale():
    text = "\n\n".join(f"{t}\n\n{tale(n, k)}" for n, (t, k) in enumerate(zip(FIVE[:3], KEEPERS), 3))
    text += f"\n\nNOTES.\n\nTHE SILVER KEY.\n\n{tale(9, 'collector')}\n"
    doc = parse(text)
    assert [c.title for c in doc.chapters] == ["The Silver Key", "The Miller's Daughter", "A Winter's Night"]
    assert all(b.kind == "note" for b in doc.chapters[-1].blocks[-3:])


def test_shouting_in_capitals_is_not_a_tale_title():
    para = tale(5, "watchman")
    text = (f"The Night Watch\n\nby Jane Doe\n\n{para}\n\nSTOP THIEF!\n\n{para}\n\n"
            f"He read the sign aloud:\n\nBEWARE THE DOG.\n\n{para}\n\nHELP! HELP!\n\n{para}\n\n"
            f"And he shouted that it was NOT HIS FAULT, NOT AT ALL, and ran.\n\nFIRE!\n\n{para}\n")
    doc = parse(text)
    assert len(doc.chapters) == 1
    assert "STOP THIEF!" in [src(doc, b) for b in doc.chapters[0].blocks]


def test_letter_headings_are_not_tale_titles():
    para = tale(6, "sister")
    text = "The Letters\n\nby Jane Doe\n\n" + "\n\n".join(
        f"{head}\n\n{salute}\n\n{para}\n\nYour loving sister,\nMARY." for head, salute in [
            ("BATH, THE FIRST OF MAY.", "MY DEAR TOM,"), ("LONDON, THE NINTH OF JUNE.", "DEAREST TOM,"),
            ("YORK, MIDSUMMER DAY.", "MY DEAR BROTHER,"), ("HOME AGAIN.", "DEAR TOM,")])
    assert len(parse(text).chapters) == 1


def test_a_star_line_is_a_footnote_only_when_the_text_marks_one():
    marked = parse(f"Chapter 1\n\nThe ford was deep.* {tale(3, 'drover')}\n\n* Now drowned.\n")
    assert [b.kind for b in marked.chapters[0].blocks][-1] == "note"
    unmarked = parse(f"Chapter 1\n\n{tale(3, 'drover')}\n\n* Bread and milk.\n\n* * *\n\n{tale(4, 'drover')}\n")
    assert [b.kind for b in unmarked.chapters[0].blocks] == ["", "", "", "", "", ""]


# --- 2. a prologue that speaks ---------------------------------------------------------------------

FRAME = ("The snow had shut the road at Harrow Cross, and eight travellers sat round the fire of the "
         "Drover's Rest with nowhere to go until morning. The landlord, a broad man named Amos Brill, "
         "banked up the logs and looked at them all.\n\n"
         "\"Well,\" said Amos, \"we cannot sit here glaring at one another till dawn. Who has a story?\"\n\n"
         "\"I have one,\" said a thin woman in a green bonnet, whose name was Kitty Marsh. \"But it is a sad one.\"\n\n"
         "\"The sad ones are the best,\" said the tinker from the corner, and everyone laughed, and Kitty began.")
SECTIONS = (f"I.\n\n{tale(3, 'weaver')}\n\nII.\n\n{tale(4, 'weaver')}\n")


def test_an_unheaded_opening_with_dialogue_is_story_not_front_matter():
    doc = parse(f"THE WINTER TELLING\n\n{FRAME}\n\n{SECTIONS}")
    assert doc.title == "The Winter Telling" and doc.author is None
    assert doc.notes == ()
    assert [c.title for c in doc.chapters] == ["Prologue", "Chapter 1", "Chapter 2"]
    assert doc.chapters[0].heading is None and src(doc, doc.chapters[0].blocks[0]).startswith("The snow")
    sc = segment(doc)
    assert coverage_problems(sc) == []
    spoken = [s.text for s in sc.chapters[0].segments if s.kind == model.DIALOGUE]
    assert "Who has a story?" in " ".join(spoken) and len(spoken) >= 5
    assert sc.chapters[0].segments[0].kind == model.TITLE
    assert sc.chapters[0].segments[0].text == "The Winter Telling"


def test_a_one_line_dedication_before_a_speaking_prologue_stays_front_matter():
    dedication = "For my father, who always said, \"One more, and then bed.\""
    doc = parse(f"THE WINTER TELLING\n\nby Ann Other\n\n{dedication}\n\n{FRAME}\n\n{SECTIONS}")
    assert (doc.title, doc.author) == ("The Winter Telling", "Ann Other")
    assert [src(doc, b) for b in doc.notes] == [dedication]
    assert [c.title for c in doc.chapters] == ["Prologue", "Chapter 1", "Chapter 2"]


def test_front_matter_with_names_but_no_dialogue_stays_notes():
    summary = ("Kitty Marsh tells a story at the Drover's Rest while the snow falls, and Amos Brill "
               "listens. Rated T for a sad ending.")
    text = (f"The Winter Telling\n\nby Ann Other\n\n{summary}\n\nAuthor's Note: thanks to my beta, Sam.\n\n"
            f"Disclaimer: the characters are my own.\n\n{SECTIONS}")
    doc = parse(text)
    assert [src(doc, b) for b in doc.notes][0] == summary and len(doc.notes) == 3
    assert [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2"]


def test_a_dedication_with_a_quotation_alone_is_not_a_prologue():
    text = f"The Winter Telling\n\nby Ann Other\n\nFor Kitty, who said \"Go on.\"\n\n{SECTIONS}"
    doc = parse(text)
    assert len(doc.notes) == 1 and [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2"]


def test_a_short_capitalised_first_line_before_prose_is_the_title():
    doc = parse(f"The Winter Telling\n\n{tale(3, 'weaver')}\n")
    assert doc.title == "The Winter Telling" and doc.title_block is not None
    assert src(doc, doc.chapters[0].blocks[0]).startswith("There was once")


@pytest.mark.parametrize("first", ["It was late.", "Snow fell all night, and the road was shut by morning.",
                                   "\"Who is there?\"", "For Anne and Tom"])
def test_a_first_line_that_is_a_sentence_is_not_the_title(first):
    doc = parse(f"{first}\n\n{tale(3, 'weaver')}\n", "the-weaver.txt")
    assert doc.title == "The Weaver"
    assert src(doc, doc.chapters[0].blocks[0]) == first


# --- 3. heading edge cases ---------------------------------------------------------------------------

def test_chapter_numbers_have_no_upper_limit():
    text = f"Chapter 9999\n\n{tale(3, 'clerk')}\n\nChapter 10000\n\n{tale(4, 'clerk')}\n\nChapter 123456: The End\n\nDone.\n"
    assert titles(text) == ["Chapter 9999", "Chapter 10000", "Chapter 123456: The End"]


def test_a_big_number_in_prose_or_out_of_sequence_is_not_a_heading():
    text = f"Chapter 1\n\n{tale(3, 'clerk')}\n\n10000\n\nHe counted to 10000 and stopped.\n"
    doc = parse(text)
    assert len(doc.chapters) == 1 and not any(b.kind for b in doc.chapters[0].blocks)


def test_a_paragraph_of_only_emoji_is_listed_as_dropped_with_its_reason():
    text = f"Chapter 1\n\n{tale(3, 'baker')}\n\n🎉\n\n{tale(4, 'baker')} 🎉 Yes.\n\n* * *\n\n♥ ♥\n\nThe end.\n"
    sc = segment(parse(text))
    dropped = [(text[s:e], why) for s, e, why in sc.dropped]
    assert [t for t, _ in dropped] == ["🎉", "♥ ♥"]
    assert all("nothing to read" in why for _, why in dropped)
    assert any(s.kind == model.BREAK for s in sc.segments)  # a scene break is read, as a pause
    assert any("🎉 Yes." in s.text for s in sc.segments)      # emoji inside prose stay in their sentence


def test_verbose_lists_an_emoji_paragraph(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text(f"Chapter 1\n\n{tale(3, 'baker')}\n\n😭😭\n\nThe end.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["script", str(story), "--verbose"])
    assert result.exit_code == 0, result.output
    assert "dropped nothing to read" in result.stderr and "😭😭" in result.stderr


def test_capitals_under_a_bare_numeral_are_its_subtitle_not_a_tale():
    text = "\n\n".join(f"{n}\n\n{t}\n\n{tale(n + 2, k)}" for n, (t, k) in enumerate(zip(FIVE[:3], KEEPERS), 1))
    assert titles(text) == ["Chapter 1: The Silver Key", "Chapter 2: The Miller's Daughter",
                            "Chapter 3: A Winter's Night"]


def test_a_tale_title_may_wrap_onto_a_second_line_or_carry_a_footnote_mark():
    heads = ["THE SILVER KEY;\nOR, THE LOST DOOR.", "THE MILLER'S\nDAUGHTER.*", "A WINTER'S NIGHT."]
    text = "\n\n".join(f"{t}\n\n{tale(n, k)}" for n, (t, k) in enumerate(zip(heads, KEEPERS), 3))
    assert titles(text) == ["The Silver Key; Or, the Lost Door", "The Miller's Daughter", "A Winter's Night"]


def test_a_collected_works_volume_with_contents_footnotes_and_notes_headed_in_capitals():
    # the shape of an old "collected works" volume: a contents block with entries that are not
    # tales, an essay first, numbered (*1) footnotes, and notes at the end headed in capitals
    text = ("THE COLLECTED TALES\n\nby Harriet Mere\n\nContents\n\n"
            " PREFACE\n THE SILVER KEY\n THE MILLER'S DAUGHTER.(*1)\n A WINTER'S NIGHT\n\n"
            f"PREFACE\n\n{tale(1, 'editor')}\n\n"
            f"THE SILVER KEY\n\n{tale(3, 'locksmith')}\n\n"
            f"THE MILLER'S DAUGHTER.(*1)\n\n{tale(4, 'miller')}\n\n"
            "(*1) First printed in a newspaper, under another title.\n\n"
            f"A WINTER'S NIGHT\n\n{tale(5, 'shepherd')}\n\n"
            f"NOTES\n\nON THE SILVER KEY\n\n{tale(6, 'reader')}\n\nON THE MILLER'S DAUGHTER\n\n{tale(7, 'reader')}\n")
    doc = parse(text)
    assert [c.title for c in doc.chapters] == ["The Silver Key", "The Miller's Daughter", "A Winter's Night"]
    assert [src(doc, b)[:7] for b in doc.notes] == ["PREFACE", "There w", '"For th']
    second = doc.chapters[1].blocks
    assert [b.kind for b in second] == ["", "", "note"]
    last = doc.chapters[2].blocks
    k = next(i for i, b in enumerate(last) if src(doc, b) == "NOTES")
    assert all(b.kind == "note" for b in last[k:]) and len(last[k:]) == 7
    assert [why for _, _, why in doc.dropped] == ["table of contents"] * 3  # Contents, PREFACE, the titles


def test_sound_effects_in_capitals_inside_one_story_are_not_tale_titles():
    para = tale(5, "hunter")
    text = (f"The Long Night\n\nby Jane Doe\n\n{para}\n\n{para}\n\nHe raised the gun and—\n\nBANG.\n\n"
            f"{para}\n\nSILENCE.\n\n{para}\n\nWHAT?\n\n{para}\n\nCRASH.\n\n{para}\n\nTHUD.\n\n{para}\n")
    doc = parse(text)
    assert len(doc.chapters) == 1
    assert {"BANG.", "SILENCE.", "WHAT?", "CRASH.", "THUD."} <= {src(doc, b) for b in doc.chapters[0].blocks}


def test_contents_with_page_numbers_is_evidence_for_two_tales():
    text = (f"CONTENTS\n\n    The Silver Key .......... 1\n    The Old Clock ........... 9\n\n"
            f"THE SILVER KEY.\n\n{tale(3, 'locksmith')}\n\nTHE OLD CLOCK.\n\n{tale(4, 'clockmaker')}\n")
    doc = parse(text)
    assert [c.title for c in doc.chapters] == ["The Silver Key", "The Old Clock"]
    assert doc.notes == () and [why for _, _, why in doc.dropped] == ["table of contents"] * 2


def test_a_book_named_after_its_first_tale_keeps_its_title_page():
    text = "THE SILVER KEY\n\nby Harriet Mere\n\n" + "\n\n".join(
        f"{t}\n\n{tale(n, k)}" for n, (t, k) in enumerate(zip(FIVE[:3], KEEPERS), 3))
    doc = parse(text)
    assert (doc.title, doc.author) == ("The Silver Key", "Harriet Mere")
    assert [c.title for c in doc.chapters] == ["The Silver Key", "The Miller's Daughter", "A Winter's Night"]
    assert doc.dropped == ()
