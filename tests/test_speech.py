"""What the engine hears for headings: Roman chapter numbers as numbers."""
import pytest

from talecast import model
from talecast.synth.speech import heading_speech, spoken_text
from talecast.words import roman_value


@pytest.mark.parametrize("numeral,value", [("I", 1), ("IV", 4), ("IX", 9), ("XII", 12), ("XLII", 42),
                                           ("MCMXCIV", 1994), ("IIII", None), ("VX", None), ("", None)])
def test_roman_value_strict(numeral, value):
    assert roman_value(numeral, strict=True) == value


@pytest.mark.parametrize("numeral,value", [("iv", 4), ("IIII", 4), ("xii", 12), ("", None), ("VIZ", None)])
def test_roman_value_in_headings_takes_any_case_and_sequence(numeral, value):
    assert roman_value(numeral) == value


@pytest.mark.parametrize("heading,spoken", [
    ("Part III", "Part 3"),
    ("CHAPTER XII. The Last", "CHAPTER 12. The Last"),
    ("Book II, Chapter IV", "Book 2, Chapter 4"),
    ("I. A SCANDAL IN BOHEMIA", "1. A SCANDAL IN BOHEMIA"),
    ("STAVE I:  MARLEY'S GHOST", "STAVE 1:  MARLEY'S GHOST"),
    ("chapter ix", "chapter 9"),
    # Not numerals: a pronoun, a word made of numeral letters, a chapter already in digits.
    ("What I Saw", "What I Saw"),
    ("MIX", "MIX"),
    ("Chapter 3: What I Did", "Chapter 3: What I Did"),
    ("Chapter the Last", "Chapter the Last"),
])
def test_heading_speech(heading, spoken):
    assert heading_speech(heading) == spoken


def test_only_headings_and_titles_change():
    heading = model.Segment(1, model.HEADING, "Part III", 0, 8)
    narration = model.Segment(1, model.NARRATION, "Part III of the plan.", 0, 21)
    assert spoken_text(heading) == "Part 3"
    assert spoken_text(narration) == "Part III of the plan."
