"""Property tests (hypothesis) for the parser's invariants on generated text:
it never crashes, every word comes out exactly once and in order, and no
narration sentence ends up in a dialogue segment."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talecast import model
from talecast.errors import InputError
from talecast.read import decode, parse
from talecast.segment import coverage_problems, segment

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "She", "went", "home", "don't", "'Kay", "dogs'", "y'know", "rock 'n' roll", "it’s", "the cats’",
    "\"", "“", "”", "'", "‘", "’", "«", "»", "—", "--", "-", "–", ".", ",", "!", "?", "…", ":", ";",
    " ", " ", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "\ufeff",
    "Chapter 1", "CHAPTER II.", "Part III", "# Title", "## Two", "I.", "II.", "[ 1 ]", "— I —", "Prologue",
    "* * *", "***", "~~~", "Contents", "by Someone", "Author's Note:", "A/N:", "[Illustration]",
    "*** START OF THIS PROJECT GUTENBERG EBOOK X ***", "*** END OF THE PROJECT GUTENBERG EBOOK X ***",
    "Title: X", "said Tom", "he said", "she whispered,", "I. A SCANDAL", "365", "VOL. II.",
]
texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=80).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map(" ".join),
    st.text(max_size=300),
)


@SETTINGS
@given(texts)
def test_never_crashes_and_never_loses_a_word(text):
    sc = segment(parse(text))
    assert coverage_problems(sc, limit=5) == []


@SETTINGS
@given(texts)
def test_skip_notes_only_removes_notes(text):
    full = segment(parse(text))
    short = segment(parse(text), skip_notes=True)
    assert [s for s in full.segments if s.kind != model.NOTE] == list(short.segments)


@SETTINGS
@given(st.binary(max_size=400))
def test_decoding_any_bytes_gives_text_or_a_clear_error(data):
    try:
        text = decode(data, "x.txt")
    except InputError as exc:
        assert str(exc).startswith("x.txt: ")
    else:
        assert isinstance(text, str) and text.strip(" \t\r\n\ufeff")


# --- no narration in dialogue ---------------------------------------------------------------

# A story of paragraphs built from tagged narration sentences (N0, N1...) and
# properly quoted speech (Q0, Q1...), with scare quotes and apostrophes mixed in.
NARRATION_SENTENCES = [
    "{t} walked to the window and looked out.", "{t} didn't know what the dogs' bowls were for.",
    "{t} said nothing for a while.", "{t} called it {o}home{c} and smiled.",
    "There was a {o}we{c} in {t} now.", "{t} rock 'n' roll played y'know.",
]
SPEECHES = ["{t} where are you going?", "{t} I can't, not today.", "{t} come here!", "{t} the cats' toys, again."]
FRAMES = [" she said. ", " said Tom. ", " ", " he whispered, "]


@st.composite
def story(draw):
    style = draw(st.sampled_from([("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'")]))
    o, c = style
    scare_o, scare_c = ("‘", "’") if o in "“\"" else ("“", "”")
    paras, n_id, q_id = [], 0, 0
    for _ in range(draw(st.integers(1, 6))):
        parts = []
        for _ in range(draw(st.integers(1, 4))):
            if draw(st.booleans()):
                tmpl = draw(st.sampled_from(NARRATION_SENTENCES))
                parts.append(tmpl.format(t=f"N{n_id}", o=scare_o, c=scare_c))
                n_id += 1
            else:
                speech = draw(st.sampled_from(SPEECHES)).format(t=f"Q{q_id}")
                q_id += 1
                parts.append(f"{o}{speech}{c}{draw(st.sampled_from(FRAMES))}".rstrip())
        paras.append(" ".join(parts))
    return "\n\n".join(paras) + "\n"


@SETTINGS
@given(story())
def test_no_narration_sentence_ends_up_in_dialogue(text):
    sc = segment(parse(text))
    assert coverage_problems(sc) == []
    for seg in sc.segments:
        if seg.kind == model.DIALOGUE:
            assert not re.search(r"\bN\d+\b", seg.text), (seg.text, text)
        if seg.kind == model.NARRATION:
            assert not re.search(r"\bQ\d+\b", seg.text), (seg.text, text)


@pytest.mark.parametrize("size", [1, 50, 5000])
def test_long_unbroken_text_is_fine(size):
    sc = segment(parse("word " * size))
    assert coverage_problems(sc) == []
