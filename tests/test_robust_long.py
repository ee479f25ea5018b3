"""Issue 16, item 8: a long paragraph without sentence ends reaches the engine in pieces it handles
in linear time (cut at sentence ends, then clause marks, then between words), in a build and in `say`."""
from __future__ import annotations

import random
import re

import pytest
from click.testing import CliRunner

from talecast import build
from talecast.cli import main
from talecast.synth.engine import PIECE_CHARS, pieces
from talecast.build import BuildOptions


def _paragraph(chars: int, comma_every: int = 9, seed: int = 3) -> str:
    rng = random.Random(seed)
    words = "the road ran north between hills and wind came down from the pass where keepers walked".split()
    out, n = [], 0
    while n < chars:
        w = rng.choice(words) + ("," if len(out) % comma_every == comma_every - 1 else "")
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


@pytest.fixture
def fake_engine(tmp_path, monkeypatch):
    log = tmp_path / "pieces.log"
    monkeypatch.setenv("TALECAST_ENGINE", "fake_engine:ToneEngine")
    monkeypatch.setenv("FAKE_ENGINE_LOG", str(log))
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(tmp_path / "cache"))
    import talecast.synth.engine as engine

    monkeypatch.setattr(engine, "_engines", {})
    return log


def _longest(log) -> int:
    return max(int(line) for line in log.read_text().split())


def test_pieces_never_exceed_the_limit_and_keep_every_word():
    text = _paragraph(20_000)
    got = pieces(text)
    assert max(map(len, got)) <= PIECE_CHARS
    assert " ".join(got).split() == text.split()


def test_pieces_prefer_sentence_ends_then_clause_marks_then_spaces():
    assert pieces("One two. Three four, five six seven", 12) == ["One two.", "Three four,", "five six", "seven"]
    # a clause mark inside the window wins over a later space
    assert pieces("alpha beta, gamma delta epsilon", 20) == ["alpha beta,", "gamma delta epsilon"]
    # a sentence end wins over a later clause mark, and a closing quote stays with its sentence
    assert pieces('He went." Then, slowly, she came back', 30)[0] == 'He went."'


def test_a_word_longer_than_the_limit_is_cut_where_it_must():
    assert [len(p) for p in pieces("x" * 2500)] == [1000, 1000, 500]


def test_short_text_is_one_piece_as_it_is():
    assert pieces("  Hello, there.  ") == ["  Hello, there.  "]


def test_a_build_gives_the_engine_no_piece_longer_than_the_limit(tmp_path, fake_engine):
    story = tmp_path / "long.txt"
    story.write_text("The Long Road\n\nChapter 1\n\n" + _paragraph(20_000) + "\n", encoding="utf-8")
    result = build.build_story(story, None, tmp_path / "out", options=BuildOptions(jobs=1))
    assert len(result.files) == 1
    assert _longest(fake_engine) <= PIECE_CHARS
    assert result.durations[0] > 20_000 * 0.010 * 0.9  # all of it was said (10 ms a character)


def test_say_gives_the_engine_no_piece_longer_than_the_limit(tmp_path, fake_engine):
    text = _paragraph(80_000, comma_every=10_000)  # no clause marks at all: cut between words
    res = CliRunner().invoke(main, ["say", text, "-o", str(tmp_path / "long.wav")])
    assert res.exit_code == 0, res.output
    assert _longest(fake_engine) <= PIECE_CHARS
    assert len(re.findall(r"\d+", fake_engine.read_text())) >= 80
