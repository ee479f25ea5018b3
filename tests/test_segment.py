"""The segmenter's rules, each on a small inline text: quotation styles,
apostrophes, scare quotes, recovery from missing marks, dash dialogue,
scene breaks, notes."""
import pytest

from talecast import model
from talecast.read import parse
from talecast.segment import DOUBLE, SINGLE, coverage_problems, quote_style, segment


def script(text, **kw):
    return segment(parse(text), **kw)


def pieces(text, **kw):
    """(kind, text) of every narration/dialogue/note/break segment."""
    sc = script(text, **kw)
    assert coverage_problems(sc) == []
    return [(s.kind, " ".join(s.text.split())) for s in sc.segments if s.kind not in (model.TITLE, model.HEADING)]


def dialogue(text, **kw):
    return [t for k, t in pieces(text, **kw) if k == model.DIALOGUE]


def narration(text, **kw):
    return [t for k, t in pieces(text, **kw) if k == model.NARRATION]


N, D = model.NARRATION, model.DIALOGUE


# --- double quotes ---------------------------------------------------------------------

def test_straight_double_quotes_with_a_speech_frame():
    assert pieces('"Where are you going?" she asked. "Home," he said.') == [
        (D, "Where are you going?"), (N, "she asked."), (D, "Home,"), (N, "he said.")]


def test_curly_double_quotes():
    assert pieces("“Stay,” said Anna, “just one more night.”") == [
        (D, "Stay,"), (N, "said Anna,"), (D, "just one more night.")]


def test_nested_single_quotes_stay_inside_the_dialogue():
    assert dialogue("“He told me, ‘Never come back,’ and left,” said Tom.") == \
        ["He told me, ‘Never come back,’ and left,"]


def test_quote_over_several_paragraphs():
    text = ('"It began in the spring. We had no money at all.\n\n'
            '"Then my uncle died and left us the farm.\n\n'
            '"And that is how we came here," said Mr. Hall.\n')
    assert pieces(text) == [
        (D, "It began in the spring. We had no money at all."),
        (D, "Then my uncle died and left us the farm."),
        (D, "And that is how we came here,"), (N, "said Mr. Hall.")]


def test_missing_opening_mark_recovers_backwards_to_the_speech():
    text = '"Shh." She put a finger to his lips. Why do you think I came back? Tell me." He shook his head.'
    assert pieces(text) == [
        (D, "Shh."), (N, "She put a finger to his lips."), (D, "Why do you think I came back? Tell me."),
        (N, "He shook his head.")]


def test_missing_closing_mark_stops_at_a_speech_frame():
    text = '"Come with me, he said. She followed him down the stairs and out into the night.'
    assert pieces(text) == [
        (D, "Come with me,"), (N, "he said. She followed him down the stairs and out into the night.")]


def test_missing_closing_mark_never_swallows_the_next_paragraph():
    text = '"Come with me now\n\nShe followed him down the stairs.\n'
    assert pieces(text) == [(D, "Come with me now"), (N, "She followed him down the stairs.")]


def test_doubled_opening_mark_ends_the_first_quotation():
    assert dialogue('"Wait for me, she said. "Please.') == ["Wait for me,", "Please."]


# --- scare quotes ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'She told them she wouldn\'t be going "home" this year.',
    'Their quarrels weren\'t "throes of passion" but a habit of the house.',
    'There\'s a "we". The word still surprised him.',
    'He called it "the world, life itself", and laughed.',
    "Mr. James Dillingham Young came home and was called \"Jim\" and greatly hugged.",
    'The word "apology" was written on the card.',
])
def test_quoted_words_inside_narration_stay_narration(text):
    assert dialogue(text) == []


@pytest.mark.parametrize("text", [
    'On the gate hung a brass plate bearing the name "Dr. Ellis Crane."',
    'Above the door the sign read: "Fresh Bread Daily."',
    'They took their supper at the "Red Lion."',
    'He had a book entitled "A Walk to the Sea."',
])
def test_written_words_and_names_after_an_article_stay_narration(text):
    # Read from a sign or card, or a name after "the": the narrator reads them, no character.
    assert dialogue(text) == []


def test_written_words_boundary_speech_after_an_article_or_a_reader():
    # A sentence's worth of words after "the" is no name; a person who reads aloud speaks.
    assert dialogue('She saw the stars and whispered, "How bright the sky is tonight."') == \
        ["How bright the sky is tonight."]
    assert dialogue('Tom took the letter and read: "Come home at once."') == ["Come home at once."]


def test_a_short_quote_standing_alone_is_speech():
    assert dialogue('"Home."') == ["Home."]
    assert dialogue('"Home"') == ["Home"]


def test_a_quote_in_a_speech_frame_is_speech_even_without_punctuation():
    assert dialogue('"Run" she whispered.') == ["Run"]


@pytest.mark.parametrize("text, said", [
    ('"No"; said Anna coolly; "no, I could not."', "No"),
    ('"No"--said Anna, "I made no such claim."', "No"),
    ('"Anna, you should not say such things" rebuked Tom, striving to look stern.',
     "Anna, you should not say such things"),
    ('"Which means " interposed Tom, leaning forward.', "Which means"),
    ('"But " the General began.', "But"),
    ('"I believe you" was Tom\'s short comment.', "I believe you"),
])
def test_a_speech_frame_after_a_semicolon_a_dash_or_a_comment_makes_speech(text, said):
    assert said in dialogue(text)


@pytest.mark.parametrize("text", [
    'He wrote "No"; then he crossed it out.',
    'The card said "Closed"--and so it was.',
    'The word "maybe" was his favourite answer.',
])
def test_speech_frame_boundary_no_speaker_after_the_mark_stays_narration(text):
    assert dialogue(text) == []
    assert dialogue('He said: "run"') == ["run"]


@pytest.mark.parametrize("text, said", [
    ('"Yes, I think I have a view " she hesitated. He waited.', "Yes, I think I have a view"),
    ('He knocked and got as far as "Excuse me "  "Go away!" said the stranger.', "Excuse me"),
    ('"It is not that" Ann tried to tell him "it is the house."', "It is not that"),
])
def test_words_broken_off_where_the_text_lost_its_dash_or_broken_into_are_speech(text, said):
    assert said in dialogue(text)


@pytest.mark.parametrize("text", [
    'He called it a "thing " and left.',               # one word: a quoted word, spaced
    'They named the "big one" after "a small one."',   # broken into mid-sentence: scare quotes
])
def test_lost_dash_boundary_quoted_words_stay_narration(text):
    spoken = " ".join(dialogue(text))
    assert "thing" not in spoken and "big one" not in spoken


def test_a_long_quotation_before_an_outside_full_stop_is_speech():
    assert dialogue('He stood up. "I will not be spoken to like that in my own house". Then he left.') == \
        ["I will not be spoken to like that in my own house"]


# --- single quotes ----------------------------------------------------------------------

BRITISH = ("‘Oh, you wicked little thing!’ cried Alice. ‘You ought to know better.’\n\n"
           "‘I can’t help it,’ said the kitten’s mother. ‘The kittens’ tails are everywhere.’\n\n"
           "The dogs’ bowls were empty.\n")


def test_single_quotes_as_the_primary_style_are_detected():
    assert quote_style(BRITISH) == SINGLE
    assert quote_style('"Hi," she said. "It\'s me." \'Kay.') == DOUBLE


def test_curly_single_quotes_told_apart_from_apostrophes():
    assert pieces(BRITISH) == [
        (D, "Oh, you wicked little thing!"), (N, "cried Alice."), (D, "You ought to know better."),
        (D, "I can’t help it,"), (N, "said the kitten’s mother."), (D, "The kittens’ tails are everywhere."),
        (N, "The dogs’ bowls were empty.")]


def test_straight_single_quotes_with_apostrophes():
    text = ("'Now my dears,' said old Mrs. Rabbit, 'you may go into the fields, but don't go into "
            "Mr. McGregor's garden.'\n\n'Stop thief!'\n\nThe rabbits' house was warm.\n")
    assert pieces(text) == [
        (D, "Now my dears,"), (N, "said old Mrs. Rabbit,"),
        (D, "you may go into the fields, but don't go into Mr. McGregor's garden."),
        (D, "Stop thief!"), (N, "The rabbits' house was warm.")]


@pytest.mark.parametrize("line,want", [
    ("'I fed the dogs' bowls,' she said.", ["I fed the dogs' bowls,"]),
    ("'Y'know, I like rock 'n' roll,' he said.", ["Y'know, I like rock 'n' roll,"]),
    ("'Tell 'em I'm goin' home,' he said.", ["Tell 'em I'm goin' home,"]),
    ("He sat down. 'Kay said nothing, and the boys' faces fell. 'Well?' she asked.", ["Well?"]),
])
def test_apostrophes_inside_single_quoted_speech(line, want):
    text = "'Hello,' she said. 'Hi,' he said. 'Bye,' they said.\n\n" + line + "\n"
    assert dialogue(text)[3:] == want


def test_nested_double_quotes_inside_single_quotes():
    text = "‘Check!’ said the Knight.\n\n‘He shouted “Check!” at me,’ said Alice. ‘Twice.’ ‘Really.’\n"
    assert dialogue(text) == ["Check!", "He shouted “Check!” at me,", "Twice.", "Really."]


# --- dash dialogue ----------------------------------------------------------------------

def test_em_dash_dialogue():
    text = ("He held the bowl aloft and intoned:\n\n—Introibo ad altare Dei.\n\n"
            "—Back to barracks! he said sternly.\n\n"
            "—Thanks, old chap, he cried briskly. That will do nicely.\n\n"
            "— Where are you going? asked Marie.\n")
    assert pieces(text) == [
        (N, "He held the bowl aloft and intoned:"), (D, "Introibo ad altare Dei."),
        (D, "Back to barracks!"), (N, "he said sternly."),
        (D, "Thanks, old chap,"), (N, "he cried briskly."), (D, "That will do nicely."),
        (D, "Where are you going?"), (N, "asked Marie.")]


def test_a_dash_inside_a_sentence_is_not_dialogue():
    assert dialogue("She stopped—listened—and went on.") == []


# --- breaks, notes, headings ----------------------------------------------------------------

@pytest.mark.parametrize("mark", ["* * *", "***", "~~~", "---", "#", "* * * * *", "oOo", "=====", "§"])
def test_scene_breaks_become_a_pause(mark):
    sc = script(f"It was late.\n\n{mark}\n\nMorning came.\n")
    kinds = [s.kind for s in sc.segments][1:]
    assert kinds == [N, model.BREAK, N]
    assert [s.text for s in sc.segments if s.kind == model.BREAK] == [""]


def test_notes_are_read_and_skip_notes_drops_them():
    text = "The Walk\n\nby Jane Doe\n\nAuthor's Note: thanks!\n\nChapter 1\n\nIt was late.\n\nA/N: review please.\n"
    kinds = [s.kind for s in script(text).segments]
    assert kinds == [model.TITLE, model.NOTE, model.HEADING, N, model.NOTE]
    assert [s.kind for s in script(text, skip_notes=True).segments] == [model.TITLE, model.HEADING, N]


def test_title_segment_speaks_title_and_author():
    first = next(script("The Walk\n\nby Jane Doe\n\nIt was late.\n").segments)
    assert (first.kind, first.text, first.start) == (model.TITLE, "The Walk, by Jane Doe", 0)


def test_chapter_heading_is_spoken_as_its_title():
    sc = script("CHAPTER II.\n\nTHE STORM\n\nIt rained.\n")
    heads = [s for s in sc.segments if s.kind == model.HEADING]
    assert [h.text for h in heads] == ["Chapter II: The Storm"]
    assert sc.chapters[0].title == "Chapter II: The Storm"


def test_sections_inside_a_chapter_are_headings():
    sc = script("ADVENTURE I. A SCANDAL\n\nI.\n\nIt was late.\n\nII.\n\nIt was early.\n")
    assert [(s.kind, s.text) for s in sc.segments][1:] == [
        (model.HEADING, "Adventure I: A Scandal"), (model.HEADING, "1"), (N, "It was late."),
        (model.HEADING, "2"), (N, "It was early.")]


# --- offsets and length -------------------------------------------------------------------

def test_offsets_point_at_the_source():
    text = "Chapter 1\n\n“Stay,” said Anna. It rained.\n"
    sc = script(text)
    for s in sc.segments:
        if s.kind in (N, D):
            assert text[s.start:s.end] == s.text


def test_long_narration_is_split_at_sentence_ends():
    sentence = "The river ran on past the mill and the bridge and the long fields of wheat. "
    sc = script(sentence * 20)
    parts = [s for s in sc.segments if s.kind == N]
    assert len(parts) > 1 and all(len(p.text) <= 400 for p in parts)
    assert all(p.text.endswith(".") for p in parts)


def test_long_narration_is_never_split_after_a_title_or_an_initial():
    # "Mr. Grey" and "J. Grey" are one name: no piece ends at their full stop (no pause, and
    # attribution still sees the whole name).
    for name in ("Mr. Grey", "J. Grey"):
        # the title's full stop falls just before the 400-character mark, the sentence's end after it
        text = "The river ran on " + "and on " * 53 + f"until {name} walked along the bank of it. " + \
            "The mill stood still. " * 10
        parts = [s.text for s in script(text).segments if s.kind == N]
        assert len(parts) > 1 and not any(p.endswith(name.split()[0]) for p in parts), parts


def test_paragraph_index_groups_segments():
    sc = script('"Hi," she said.\n\n"Hello."\n')
    paras = [s.paragraph for s in sc.segments if s.kind in (N, D)]
    assert paras[0] == paras[1] != paras[2]


def test_style_constants():
    assert {DOUBLE, SINGLE} == {"double", "single"}


# --- the script command ------------------------------------------------------------------

def test_script_text_format_and_verbose_report(tmp_path):
    from click.testing import CliRunner

    from talecast.cli import main

    story = tmp_path / "s.txt"
    story.write_text("*** START OF THIS PROJECT GUTENBERG EBOOK S ***\n\nThe Walk\n\nby Jane Doe\n\n"
                     "Chapter 1\n\n“Stay,” said Anna.\n\n* * *\n\nIt rained.\n\n"
                     "*** END OF THIS PROJECT GUTENBERG EBOOK S ***\nlicence text\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["script", str(story), "--verbose"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "=== 1. Chapter 1 ===" in out
    assert "[heading]  Chapter 1" in out and "“Stay,”" in out and "* * *" in out
    assert "dropped Project Gutenberg licence" in result.stderr
    assert "dropped Project Gutenberg header" in result.stderr
    plain = CliRunner().invoke(main, ["script", str(story)])
    assert "dropped" not in plain.stderr


def test_emphasis_markers_around_the_last_word_still_end_speech():
    assert dialogue('"I had _not!_" cried the Mouse, sharply.') == ["I had _not!_"]
    assert dialogue('"Who are *you*" said the Caterpillar.') == ["Who are *you*"]


def test_a_quotation_ending_in_a_nested_one_is_speech():
    text = "‘Hello,’ said Tom. ‘Hi,’ said Ann. ‘Bye,’ said Sue.\n\n‘When you say “hill,”’ the Queen interrupted.\n"
    assert dialogue(text)[3:] == ["When you say “hill,”"]


def test_one_dash_led_paragraph_is_not_dash_dialogue():
    assert dialogue("She looked again.\n\n--and it really WAS a kitten, after all.\n") == []
    assert dialogue("She looked again.\n\n— It was a kitten, after all.\n") == []


@pytest.mark.parametrize("text", ["„Komm her!“ rief sie.", "”Kom hit!” ropade hon.", "«Viens ici!» cria-t-elle."])
def test_other_languages_quotation_marks(text):
    assert len(dialogue(text)) == 1 and narration(text)[0].endswith(".")


def test_skip_notes_keeps_a_scene_break_in_the_front_matter():
    # Found by hypothesis: `--skip-notes` dropped the break too, not only the notes.
    from talecast import model
    from talecast.read import parse
    from talecast.segment import segment

    text = "# :\n* * *\n"
    full = [s for s in segment(parse(text)).segments if s.kind != model.NOTE]
    assert full == list(segment(parse(text), skip_notes=True).segments)
