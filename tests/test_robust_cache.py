"""Issue 16, items 1 and 2: a damaged cache entry is made again, never used; `clean` removes only
what the cache wrote. And the fault-injection build: every kind of cache file damaged in turn."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from talecast import build, files
from talecast.synth import cache
from talecast.cli import main
from talecast.render.ffmpeg import ffmpeg_exe
from talecast.voices import Voice
from talecast.build import BuildOptions

from helpers import decode

NARRATOR = Voice("gmw/en-us", 170, 50, 1.0)

STORY = """\
The Quiet Mill

by Test Author

Chapter 1

The mill stood at the bend of the river, and nobody had turned its wheel in years. Ada came to it at dusk.

"Is the door open?" Ada asked.

"It always was," said Ben. He pushed it wide and went in first.

Chapter 2

Inside, the stones were cold and the flour dust lay thick on every beam.

"We could grind again," Ada said. "One sack, for the village."

"One sack," said Ben, "and then another."
"""


@pytest.fixture
def fake_engine(tmp_path, monkeypatch):
    """Every build in the test (and its workers) speaks with the tone engine of fake_engine.py."""
    monkeypatch.setenv("TALECAST_ENGINE", "fake_engine:ToneEngine")
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(tmp_path / "cache"))
    import talecast.synth.engine as engine

    monkeypatch.setattr(engine, "_engines", {})
    return tmp_path / "cache"


# --- item 1: the entries themselves ---------------------------------------------------------------

DAMAGE = {
    "emptied": lambda b: b"",
    "half": lambda b: b[: len(b) // 2],
    "odd length": lambda b: b + b"\x01",
    "a flipped byte": lambda b: (b[: len(b) // 2] + bytes([b[len(b) // 2] ^ 0x55]) + b[len(b) // 2 + 1:]) if b else b"U",
    "a header only": lambda b: b[:32],
}


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_segment_entry_reads_as_missing(tmp_path, how):
    c = cache.SegmentCache(tmp_path)
    k = cache.key("e", NARRATOR, "text")
    c.put(k, b"\x01\x02" * 1000)
    assert c.get(k) == b"\x01\x02" * 1000
    c.path(k).write_bytes(DAMAGE[how](c.path(k).read_bytes()))
    assert c.get(k) is None and not c.has(k)


def test_an_entry_without_the_header_of_this_version_reads_as_missing(tmp_path):
    c = cache.SegmentCache(tmp_path)
    k = cache.key("e", NARRATOR, "text")
    c.path(k).parent.mkdir(parents=True)
    c.path(k).write_bytes(b"\x01\x02" * 1000)  # what the cache wrote before entries were sealed
    assert c.get(k) is None


def test_sealed_pcm_of_odd_length_is_refused(tmp_path):
    c = cache.SegmentCache(tmp_path)
    k = cache.key("e", NARRATOR, "text")
    c.path(k).parent.mkdir(parents=True)
    files.write_sealed(c.path(k), b"\x01\x02\x03")
    assert c.get(k) is None


def test_an_entry_is_flushed_to_disk_before_the_rename_that_publishes_it(tmp_path, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(os, "replace", lambda a, b: calls.append("replace") or real_replace(a, b))
    cache.SegmentCache(tmp_path).put(cache.key("e", NARRATOR, "x"), b"\0\0")
    assert calls == ["fsync", "replace"]


def test_a_failed_write_leaves_neither_entry_nor_temporary_file(tmp_path, monkeypatch):
    c = cache.SegmentCache(tmp_path)
    k = cache.key("e", NARRATOR, "x")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        c.put(k, b"\0\0")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


# --- item 2: clean ---------------------------------------------------------------------------------

def test_clean_removes_only_what_the_cache_wrote_and_says_what(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(root))
    c = cache.SegmentCache()
    c.put(cache.key("e", NARRATOR, "one"), b"\0" * 1000)
    c.put(cache.key("e", NARRATOR, "two"), b"\0" * 1000)
    (root / "segments" / "ab").mkdir(parents=True, exist_ok=True)
    (root / "segments" / "ab" / ("ab" * 32 + ".pcm.123.part")).write_bytes(b"x")  # a killed build's
    frag = root / "segments" / "fragments" / "cd" / ("cd" * 32 + ".mp3")
    frag.parent.mkdir(parents=True)
    frag.write_bytes(b"y" * 10)
    (root / "builds").mkdir()
    (root / "builds" / ("ef" * 32 + ".json")).write_text("{}")
    notes = root / "notes.txt"
    notes.write_text("my notes")
    book = root / "segments" / "my-book" / "01 - One.mp3"  # an audiobook built into the cache folder
    book.parent.mkdir()
    book.write_bytes(b"ID3 audio")
    stray = root / "segments" / "ab" / "readme.pcm"  # not a name the cache gives
    stray.write_bytes(b"z")

    res = CliRunner().invoke(main, ["clean"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Removed 3 segment(s), 1 fragment(s), 1 build record(s), ")
    assert "left 3 other file(s) there alone" in res.output
    assert notes.read_text() == "my notes" and book.read_bytes() == b"ID3 audio" and stray.exists()
    assert not frag.exists() and not frag.parent.exists()
    assert c.usage().entries == 0


def test_clean_of_an_absent_cache_says_nothing_was_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(tmp_path / "none"))
    res = CliRunner().invoke(main, ["clean"])
    assert res.exit_code == 0 and res.output.startswith("Removed nothing, 0.0 MB, from ")


# --- the fault-injection build ---------------------------------------------------------------------

def _decode_errors(path: Path) -> str:
    proc = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "null", "-"],
                          capture_output=True, text=True)
    return proc.stderr.strip() + ("" if proc.returncode == 0 else f" (exit {proc.returncode})")


def _seconds(path: Path) -> float:
    return len(decode(path)) / 22050


KINDS = {  # kind of cache file -> where its files are, under the cache folder (or the output folder)
    "segment": "segments/??/*.pcm",
    "fragment": "segments/fragments/??/*.mp3",
    "script": "segments/scripts/*.pickle",
    "build record": "builds/*.json",
}


def test_a_build_survives_each_kind_of_damaged_cache_file(tmp_path, fake_engine):
    story = tmp_path / "mill.txt"
    story.write_text(STORY, encoding="utf-8")
    clean = build.build_story(story, None, tmp_path / "clean", options=BuildOptions(jobs=2))
    assert clean.rendered == 2
    want = [_seconds(f) for f in clean.files]
    n = 0
    for kind, pattern in KINDS.items():
        for how, damage in DAMAGE.items():
            found = sorted(fake_engine.glob(pattern))
            assert found, kind
            for i, f in enumerate(found):
                if i % 2 == 0 or len(found) == 1:  # half of them (all when there is one)
                    f.write_bytes(damage(f.read_bytes()))
            n += 1
            out = tmp_path / f"out{n}"
            got = build.build_story(story, None, out, options=BuildOptions(jobs=2))
            assert len(got.files) == 2, (kind, how)
            for f, seconds in zip(got.files, want):
                assert _decode_errors(f) == "", (kind, how, f)
                assert _seconds(f) == pytest.approx(seconds, rel=0.01), (kind, how, f)


@pytest.mark.parametrize("how", ["emptied", "half", "a flipped byte"])
def test_a_damaged_manifest_means_the_chapters_are_made_again(tmp_path, fake_engine, how):
    story = tmp_path / "mill.txt"
    story.write_text(STORY, encoding="utf-8")
    first = build.build_story(story, None, tmp_path / "out", options=BuildOptions(jobs=1))
    want = [_seconds(f) for f in first.files]
    manifest = first.folder / ".talecast.json"
    manifest.write_bytes(DAMAGE[how](manifest.read_bytes()))
    again = build.build_story(story, None, tmp_path / "out", options=BuildOptions(jobs=1))
    for f, seconds in zip(again.files, want):
        assert _decode_errors(f) == ""
        assert _seconds(f) == pytest.approx(seconds, rel=0.01)
