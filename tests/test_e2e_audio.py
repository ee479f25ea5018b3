"""End to end: a short two-chapter story spoken by the real engine, checked from the files.

Loudness and peaks by ffmpeg's meters (ACX ranges), lead and tail silences,
tags read back with mutagen, playlist durations against ffmpeg's, caption cue
times against where each segment's audio begins, single-file chapter lists.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from talecast import build, model, render, voices
from talecast.render import loudness, tags
from talecast.attribute import Character
from talecast.cli import main
from talecast.render.ffmpeg import ffmpeg_exe
from talecast.build import BuildOptions

from conftest import need_seed
from test_render import PNG

pytestmark = pytest.mark.slow


def _seg(chapter, kind, text, paragraph, speaker=None):
    return model.Segment(chapter, kind, text, 0, len(text), speaker=speaker, paragraph=paragraph)


SCRIPT = model.Script(
    title="The Lantern Keeper", author="Ada Finch",
    chapters=(
        model.Chapter(1, "The Storm", (
            _seg(1, model.TITLE, "The Lantern Keeper, by Ada Finch", 0),
            _seg(1, model.HEADING, "Chapter 1: The Storm", 1),
            _seg(1, model.NARRATION, "The wind rose over the harbour. Rain hammered the old tower.", 2),
            _seg(1, model.DIALOGUE, "Light the lamp,", 3, "Mara"),
            _seg(1, model.NARRATION, "said Mara.", 3),
            _seg(1, model.DIALOGUE, "It is already lit.", 4, "Tom"),
        )),
        model.Chapter(2, "Morning", (
            _seg(2, model.HEADING, "Chapter 2: Morning", 5),
            _seg(2, model.NARRATION, "The sea was calm at dawn.", 6),
            _seg(2, model.BREAK, "", 7),
            _seg(2, model.NARRATION, "Nobody spoke of the night.", 8),
        )),
    ))
CHARACTERS = [Character("Mara", (), "female"), Character("Tom", (), "male")]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = build.build(SCRIPT, CHARACTERS, voices.load(None), out, BuildOptions(single="m4b", cover=PNG))
    return result


def ffmpeg_duration(path: Path) -> float:
    """The container duration ffmpeg (and so ffprobe) reports for ``path``."""
    err = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", err).groups()
    return int(h) * 3600 + int(m) * 60 + float(s)


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    def sec(t):
        h, m, s = t.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    blocks = path.read_text(encoding="utf-8").split("\n\n")[1:]
    cues = []
    for block in blocks:
        _, times, text = block.strip().split("\n", 2)
        a, b = times.split(" --> ")
        cues.append((sec(a), sec(b), text))
    return cues


def test_every_chapter_meets_acx_loudness_peak_and_silences(book):
    assert [f.name for f in book.files] == ["01 - The Storm.mp3", "02 - Morning.mp3"]
    for f in book.files:
        m = loudness.measure(f)
        assert loudness.ACX_RMS[0] <= m.rms <= loudness.ACX_RMS[1], (f.name, m)
        assert m.peak <= loudness.ACX_PEAK, (f.name, m)
        assert loudness.ACX_LEAD[0] <= m.lead <= loudness.ACX_LEAD[1], (f.name, m)
        assert loudness.ACX_TAIL[0] <= m.tail <= loudness.ACX_TAIL[1], (f.name, m)
        assert m.lead == pytest.approx(render.Pacing().lead / 1000, abs=0.05)
        assert m.tail == pytest.approx(render.Pacing().tail / 1000, abs=0.1)


def test_tags_read_back_with_mutagen(book):
    from mutagen.id3 import ID3

    for n, (f, title) in enumerate(zip(book.files, ["The Storm", "Morning"]), 1):
        id3 = ID3(str(f), v2_version=3)
        assert id3.version[:2] == (2, 3)
        assert str(id3["TIT2"]) == title
        assert str(id3["TALB"]) == "The Lantern Keeper"
        assert str(id3["TPE1"]) == str(id3["TPE2"]) == "Ada Finch"
        assert str(id3["TRCK"]) == f"{n}/2"
        assert str(id3["TCON"]) == "Audiobook"
        assert "talecast" in str(id3.getall("COMM")[0])
        assert id3.getall("APIC")[0].data == PNG


def test_playlist_durations_match_ffmpegs_within_a_tenth(book):
    lines = book.playlist.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    entries = list(zip(lines[1::2], lines[2::2]))
    assert [name for _, name in entries] == [f.name for f in book.files]  # relative paths
    for (info, name), title in zip(entries, ["The Storm", "Morning"]):
        seconds, shown = re.fullmatch(r"#EXTINF:([\d.]+),(.*)", info).groups()
        assert shown == title
        assert float(seconds) == pytest.approx(ffmpeg_duration(book.folder / name), abs=0.1)


def test_caption_cues_start_where_each_segments_audio_begins(book):
    spoken = [[s for s in ch.segments if s.kind != model.BREAK] for ch in SCRIPT.chapters]
    for f, segs in zip(book.files, spoken):
        cues = vtt_cues(f.with_suffix(".vtt"))
        assert len(cues) == len(segs)
        for (_, _, text), s in zip(cues, segs):
            assert text == (f"<v {s.speaker}>{s.text}</v>" if s.speaker else s.text)
        onsets = [end for _, end in loudness.silences(f, threshold=-50, minimum=0.25)]
        for start, _, text in cues:
            assert min(abs(start - o) for o in onsets) <= 0.05, (f.name, start, text)
        lrc = f.with_suffix(".lrc").read_text(encoding="utf-8")
        assert "Mara: Light the lamp," in lrc or f.name.startswith("02")
        assert len(re.findall(r"^\[\d\d:\d\d\.\d\d\]\S", lrc, re.M)) == len(segs)


def test_m4b_has_the_chapter_titles_as_chapter_list(book):
    from mutagen.mp4 import MP4

    assert book.single.name == "the-lantern-keeper.m4b"
    marks = tags.read_chapters(book.single)  # as `ffprobe -show_chapters` would list them
    assert [m.title for m in marks] == ["The Storm", "Morning"]
    d1 = ffmpeg_duration(book.files[0])
    assert marks[0].start == 0 and marks[1].start == pytest.approx(d1, abs=0.1)
    mp4 = MP4(str(book.single))
    assert [c.title for c in mp4.chapters] == ["The Storm", "Morning"]
    assert mp4["\xa9ART"] == ["Ada Finch"] and mp4["\xa9gen"] == ["Audiobook"]
    assert ffmpeg_duration(book.single) == pytest.approx(sum(ffmpeg_duration(f) for f in book.files), abs=0.2)


def test_cli_single_mp3_has_chap_frames_and_chosen_format(tmp_path):
    story = tmp_path / "lantern.txt"
    story.write_text("The Lantern Keeper\n\nby Ada Finch\n\nChapter 1: The Storm\n\nThe wind rose.\n\n"
                     "Chapter 2: Morning\n\nThe sea was calm.\n", encoding="utf-8")
    cover = tmp_path / "cover.png"
    cover.write_bytes(PNG)
    res = CliRunner().invoke(main, ["build", str(story), "--out", str(tmp_path / "out"), "--single", "mp3",
                                    "--cover", str(cover), "--sample-rate", "44100", "--channels", "2"])
    assert res.exit_code == 0, res.output
    folder = tmp_path / "out" / "the-lantern-keeper"
    single = folder / "the-lantern-keeper.mp3"
    from mutagen.id3 import ID3

    id3 = ID3(str(single))
    chaps = sorted(id3.getall("CHAP"), key=lambda c: c.start_time)
    assert [c.sub_frames["TIT2"].text[0] for c in chaps] == ["Chapter 1: The Storm", "Chapter 2: Morning"]
    assert chaps[0].start_time == 0 and chaps[1].start_time == chaps[0].end_time
    assert chaps[1].end_time / 1000 == pytest.approx(ffmpeg_duration(single), abs=0.1)
    err = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(single)], capture_output=True, text=True).stderr
    assert "44100 Hz, stereo" in err


def test_cli_rejects_a_cover_that_is_not_an_image(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("A story.\n", encoding="utf-8")
    bad = tmp_path / "cover.txt"
    bad.write_text("not an image", encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(story), "--cover", str(bad), "--out", str(tmp_path)])
    assert res.exit_code == 2
    assert f"Error: {bad}: the cover must be a JPEG or PNG image" in res.output


def test_seed_chapter_meets_acx_loudness_and_peak(tmp_path):
    from talecast import pipeline

    sc, chars = pipeline.script(need_seed(), None)
    result = build.build(sc, chars, voices.load(None), tmp_path)
    for f in result.files:
        m = loudness.measure(f)
        assert m.acx_problems() == [], (f.name, m)
