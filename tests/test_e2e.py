"""End to end: a story file becomes real, tagged, playable chapter MP3s."""
from __future__ import annotations

import math

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from talecast import model, pipeline, voices
from talecast.cli import main

from conftest import need_seed
from helpers import decode

pytestmark = pytest.mark.slow

STORY = """\
The Lantern

by Ada Example

Chapter 1: The Road

The road ran north between the hills. Mara walked it alone.

"Is anyone there?" Mara called.

"Only me," said Tom. He stepped out of the dark.

Chapter 2

Mara laughed. "You frightened me."

"I meant to," Tom said.
"""


def rms(samples) -> float:
    return math.sqrt(sum(s * s for s in samples) / max(len(samples), 1))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    story = tmp / "the-lantern.txt"
    story.write_text(STORY, encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(story), "--out", str(tmp / "out")])
    assert res.exit_code == 0, res.output
    return tmp / "out" / "the-lantern"


def test_one_mp3_per_chapter_in_order(built):
    names = sorted(p.name for p in built.glob("*.mp3"))
    assert names == ["01 - Chapter 1 The Road.mp3", "02 - Chapter 2.mp3"]


def test_chapters_are_tagged(built):
    files = sorted(built.glob("*.mp3"))
    for n, path in enumerate(files, 1):
        tags = ID3(str(path))
        assert tags.version[:2] == (2, 3)
        assert str(tags["TALB"]) == "The Lantern"
        assert str(tags["TPE1"]) == "Ada Example"
        assert str(tags["TRCK"]) == f"{n}/2"
        assert str(tags["TCON"]) == "Audiobook"
    assert str(ID3(str(files[0]))["TIT2"]) == "Chapter 1: The Road"


def test_mp3s_decode_to_speech_not_silence(built):
    for path in sorted(built.glob("*.mp3")):
        info = MP3(str(path)).info
        assert info.channels == 1 and info.bitrate == 64000
        samples = decode(path)
        seconds = len(samples) / 22050
        assert abs(seconds - info.length) < 0.2
        assert 2 < seconds < 60
        assert rms(samples) > 300, "chapter is (nearly) silent"


def test_playlist_lists_chapters_in_order_with_durations(built):
    lines = (built / "the-lantern.m3u8").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    entries = [(lines[i], lines[i + 1]) for i in range(1, len(lines), 2)]
    assert [f for _, f in entries] == sorted(p.name for p in built.glob("*.mp3"))
    for extinf, name in entries:
        seconds = float(extinf.split(":", 1)[1].split(",", 1)[0])
        assert abs(seconds - MP3(str(built / name)).info.length) <= 1.0


def test_seed_story_builds_into_one_tagged_three_voice_chapter(tmp_path):
    seed = need_seed()
    res = CliRunner().invoke(main, ["build", str(seed), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    files = list((tmp_path / "walking-in-dreams").glob("*.mp3"))
    assert len(files) == 1
    tags = ID3(str(files[0]))
    assert (str(tags["TIT2"]), str(tags["TALB"]), str(tags["TPE1"]), str(tags["TRCK"])) == (
        "Part III", "Walking in Dreams", "Sweetprincipale", "1/1")
    samples = decode(files[0])
    assert rms(samples) > 300

    # Narration and the two characters are spoken in three different voices.
    script, chars = pipeline.script(seed)
    caster = voices.Caster(voices.load(None), {c.name: c.gender for c in chars})
    used = {}
    for seg in script.segments:
        v = caster.voice_for(seg)
        key = "narrator" if seg.kind != model.DIALOGUE else seg.speaker
        if v is not None and key in ("narrator", "Buffy", "Spike"):
            used.setdefault(key, set()).add(v.id)
    assert set(used) == {"narrator", "Buffy", "Spike"}
    assert all(len(ids) == 1 for ids in used.values())
    assert len(set.union(*used.values())) == 3

    # The file's duration is the sum of the segments' speech and pauses (within 15%).
    from talecast import render
    from talecast.synth.engine import SAMPLE_RATE, get_engine

    config = voices.load(None)
    engine = get_engine()
    segs = list(script.segments)
    speech = sum(len(engine.synthesize(s.text, v)) / 2 / SAMPLE_RATE
                 for s in segs if (v := caster.voice_for(s)) is not None and s.text.strip())
    pauses = sum(render.pause_after(a, b, config.pacing) for a, b in zip(segs, segs[1:])) / 1000
    expected = speech + pauses + (config.pacing.lead + config.pacing.tail) / 1000
    actual = len(samples) / 22050
    assert abs(actual - expected) / expected < 0.15, (actual, expected)
