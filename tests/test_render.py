"""render, loudness, captions, tags: pacing rules, levels, formats, atomic writes.

Audio here is made of tones of known lengths (no speech engine), so durations,
levels and cue times can be asserted exactly.
"""
from __future__ import annotations

import dataclasses
import math
import re
import subprocess
import tomllib
import tracemalloc
from pathlib import Path

import pytest

from talecast import model, render
from talecast.render import captions, loudness, tags
from talecast.errors import ConfigError, InputError
from talecast.render.ffmpeg import configure_pydub, ffmpeg_exe
from talecast.synth.engine import SAMPLE_RATE

ROOT = Path(__file__).resolve().parent.parent
RATE = SAMPLE_RATE


def tone(ms: int, freq: float = 440, dbfs: float = -20) -> bytes:
    configure_pydub()
    from pydub.generators import Sine

    return Sine(freq, sample_rate=RATE, bit_depth=16).to_audio_segment(duration=ms, volume=dbfs).raw_data


def ms_of(pcm: bytes) -> float:
    return len(pcm) / 2 / RATE * 1000


def seg(kind=model.NARRATION, text="Words.", paragraph=0, speaker=None):
    return model.Segment(1, kind, text, 0, len(text), speaker=speaker, paragraph=paragraph)


def stream_info(path: Path) -> str:
    return subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True,
                          text=True).stderr


# --- config ---

def test_pacing_table_in_both_default_configs_matches_the_dataclass():
    files = [ROOT / "src/talecast/data/default.toml", ROOT / "voices/default.toml"]
    tables = [tomllib.loads(f.read_text(encoding="utf-8"))["pacing"] for f in files]
    assert tables[0] == tables[1] == dataclasses.asdict(render.Pacing())
    sections = [f.read_text(encoding="utf-8").split("[pacing]")[1] for f in files]
    assert sections[0] == sections[1]


def test_default_pacing_meets_acx_silences():
    p = render.Pacing()
    assert loudness.ACX_LEAD[0] <= p.lead / 1000 <= loudness.ACX_LEAD[1]
    assert loudness.ACX_TAIL[0] <= p.tail / 1000 <= loudness.ACX_TAIL[1]


# --- pauses between segments ---

def test_pause_after_title_and_heading_is_the_title_pause():
    p = render.Pacing(title=1234)
    assert render.pause_after(seg(model.TITLE), seg(), p) == 1234
    assert render.pause_after(seg(model.HEADING), seg(), p) == 1234


def test_pause_around_scene_break_adds_up_to_scene_break():
    p = render.Pacing(scene_break=3000)
    brk = seg(model.BREAK, "", paragraph=1)
    assert render.pause_after(seg(), brk, p) + render.pause_after(brk, seg(paragraph=2), p) == 3000


def test_pause_between_paragraphs():
    assert render.pause_after(seg(paragraph=1), seg(paragraph=2), render.Pacing(paragraph=900)) == 900


def test_pause_between_quote_and_speech_tag():
    p = render.Pacing(quote=321)
    quote = seg(model.DIALOGUE, "Go,", 3, "Ann")
    assert render.pause_after(quote, seg(text="she said.", paragraph=3), p) == 321
    assert render.pause_after(seg(text="She said,", paragraph=3), quote, p) == 321


def test_pause_inside_a_split_sentence_is_none_but_a_sentence_end_gets_the_sentence_pause():
    p = render.Pacing(sentence=600)
    assert render.pause_after(seg(text="She was"), seg(text="very"), p) == 0
    assert render.pause_after(seg(text="Stop!\u201d"), seg(text="He turned."), p) == 600


def test_last_segment_has_no_pause_of_its_own():
    assert render.pause_after(seg(), None, render.Pacing()) == 0


@pytest.mark.parametrize("text,n", [
    ("One sentence.", 0),
    ("It was dark. It was cold! Was it? Yes.", 3),
    ("Mr. Smith came in. He sat.", 1),
    ("\u201cNo.\u201d She left.", 1),
    ("Wait... then go.", 1),
])
def test_sentence_breaks_counts_boundaries_inside_the_text(text, n):
    assert render.sentence_breaks(text) == n


# --- one clip ---

def test_trim_removes_the_engines_edge_silence_but_keeps_a_margin():
    pcm = render.silence(200) + tone(500) + render.silence(300)
    trimmed = render.trim(pcm)
    assert 500 <= ms_of(trimmed) <= 530


def test_trim_of_silence_is_empty():
    assert render.trim(render.silence(300)) == b""


def test_lengthen_sentence_pauses_pads_sentence_gaps_and_leaves_comma_gaps():
    pcm = tone(400) + render.silence(330) + tone(400) + render.silence(160) + tone(400)
    out = render.lengthen_sentence_pauses(pcm, "One two. Three, four.", 550)
    assert ms_of(out) == pytest.approx(ms_of(pcm) + 220, abs=1)
    gaps = _gaps(out)
    assert gaps == [pytest.approx(550, abs=6), pytest.approx(160, abs=6)]


def test_lengthen_sentence_pauses_keeps_a_long_enough_pause():
    pcm = tone(300) + render.silence(800) + tone(300)
    assert render.lengthen_sentence_pauses(pcm, "Yes. No.", 550) == pcm


def _gaps(pcm: bytes) -> list[float]:
    from pydub.silence import detect_silence

    audio = configure_pydub()(data=pcm, sample_width=2, frame_rate=RATE, channels=1)
    return [e - s for s, e in detect_silence(audio, min_silence_len=50, silence_thresh=-50, seek_step=1)]


def test_match_level_brings_loud_and_quiet_clips_to_one_level():
    AudioSegment = configure_pydub()
    levels = []
    for db in (-8, -22, -40):
        out = loudness.match_level(tone(500, dbfs=db), RATE)
        levels.append(AudioSegment(data=out, sample_width=2, frame_rate=RATE, channels=1).dBFS)
    assert levels == [pytest.approx(loudness.SEGMENT_LEVEL, abs=0.1)] * 3


def test_match_level_never_pushes_a_peak_above_the_ceiling():
    AudioSegment = configure_pydub()
    spiky = render.silence(990) + tone(10, dbfs=-3)  # very high crest factor
    out = AudioSegment(data=loudness.match_level(spiky, RATE), sample_width=2, frame_rate=RATE, channels=1)
    assert out.max_dBFS <= loudness.SEGMENT_CEILING + 0.01


def test_chapter_meter_equals_the_rms_of_the_joined_audio():
    AudioSegment = configure_pydub()
    parts = [tone(300, dbfs=-12), render.silence(500), tone(700, 300, dbfs=-30)]
    meter = loudness.ChapterMeter(RATE)
    meter.add(parts[0])
    meter.add_silence(len(parts[1]) // 2)
    meter.add(parts[2])
    whole = AudioSegment(data=b"".join(parts), sample_width=2, frame_rate=RATE, channels=1)
    assert meter.dbfs == pytest.approx(whole.dBFS, abs=0.05)
    assert meter.gain_to(-20) == pytest.approx(-20 - whole.dBFS, abs=0.05)


def test_silent_chapter_gets_no_gain():
    meter = loudness.ChapterMeter(RATE)
    meter.add_silence(1000)
    assert meter.dbfs == -math.inf and meter.gain_to(-20) == 0


# --- formats ---

@pytest.mark.parametrize("kwargs,message", [
    ({"bitrate": "fast"}, "not a number of kbit/s"),
    ({"sample_rate": 22000}, "sample rate 22000 is not one of"),
    ({"channels": 3}, "channels must be 1"),
    ({"bitrate": "192k", "sample_rate": 22050}, "not possible at 22050 Hz"),
])
def test_audio_format_rejects_what_lame_cannot_encode(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        render.AudioFormat(**kwargs)


def test_audio_format_normalizes_bitrate():
    assert render.AudioFormat("96", 44100, 2).bitrate == "96k"


# --- captions ---

CUES = [captions.Cue(0.75, 2.5, "Chapter One"),
        captions.Cue(3.0, 4.25, "Light the <lamp> & go,", "Mara"),
        captions.Cue(4.55, 65.126, "she said,\n  quietly.")]


def test_vtt_has_one_cue_per_segment_with_voice_spans_for_speakers():
    text = captions.vtt(CUES, captions.CaptionInfo(title="One"))
    assert text == ("WEBVTT - One\n\n"
                    "1\n00:00:00.750 --> 00:00:02.500\nChapter One\n\n"
                    "2\n00:00:03.000 --> 00:00:04.250\n<v Mara>Light the &lt;lamp&gt; &amp; go,</v>\n\n"
                    "3\n00:00:04.550 --> 00:01:05.126\nshe said, quietly.\n")


def test_lrc_has_timed_lines_named_speakers_and_clears_between_cues():
    text = captions.lrc(CUES, captions.CaptionInfo("One", "Book", "Ada", 66.0))
    assert text.splitlines() == ["[ti:One]", "[al:Book]", "[ar:Ada]", "[length:01:06]", "[re:talecast]",
                                 "[00:00.75]Chapter One", "[00:02.50]",
                                 "[00:03.00]Mara: Light the <lamp> & go,", "[00:04.25]",
                                 "[00:04.55]she said, quietly.", "[01:05.13]"]


def test_caption_write_is_atomic_and_leaves_no_temp(tmp_path):
    out = captions.write(tmp_path / "a.vtt", "vtt", CUES)
    assert out.read_text(encoding="utf-8").startswith("WEBVTT")
    assert [p.name for p in tmp_path.iterdir()] == ["a.vtt"]


# --- playlist, tags, metadata ---

def test_playlist_has_durations_titles_and_relative_paths(tmp_path):
    render.write_playlist(tmp_path / "b.m3u8", [("01 - One.mp3", "One", 12.3456), ("02 - Two.mp3", "Two  x", 7.0)])
    assert (tmp_path / "b.m3u8").read_text(encoding="utf-8") == (
        "#EXTM3U\n#EXTINF:12.346,One\n01 - One.mp3\n#EXTINF:7.000,Two x\n02 - Two.mp3\n")


def test_ffmetadata_escapes_special_characters():
    meta = tags.ffmetadata([tags.ChapterMark("A=B; #1", 0, 1.5)], tags.Tags("T", "T", None, 1, 1))
    assert "title=A\\=B\\; \\#1" in meta and "START=0" in meta and "END=1500" in meta


def test_cover_must_be_jpeg_or_png(tmp_path):
    assert tags.image_mime(PNG) == "image/png"
    assert tags.image_mime(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    bad = tmp_path / "cover.gif"
    bad.write_bytes(b"GIF89a")
    with pytest.raises(InputError, match="cover.gif: the cover must be a JPEG or PNG image"):
        tags.read_cover(bad)
    with pytest.raises(InputError, match="cannot read the cover"):
        tags.read_cover(tmp_path / "missing.png")


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x80\x00")) + chunk(b"IEND", b""))


PNG = _png()


# --- render_chapter: atomic, lazy, one pass ---

def test_a_failing_clip_leaves_the_old_file_and_no_temporaries(tmp_path):
    path = tmp_path / "01 - One.mp3"
    path.write_bytes(b"old")

    def clip(i):
        if i == 1:
            raise RuntimeError("engine died")
        return tone(200)

    with pytest.raises(RuntimeError):
        render.render_chapter([seg(), seg()], clip, path, tags.Tags("One", "B", None, 1, 1))
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01 - One.mp3"]


CHAPTER = [seg(model.HEADING, "Chapter One", 0),
           seg(text="It was dark.", paragraph=1),
           seg(model.DIALOGUE, "Light it,", 2, "Mara"),
           seg(text="she said.", paragraph=2),
           seg(model.BREAK, "", 3),
           seg(text="Morning came.", paragraph=4)]
CLIPS = [tone(900, 300, -30), tone(1500, 500, -12), tone(700, 700, -25), tone(800, 400, -18), b"",
         tone(1100, 350, -22)]


@pytest.mark.slow
def test_render_chapter_calls_each_clip_once_in_order_and_times_captions(tmp_path):
    calls = []

    def clip(i):
        calls.append(i)
        return CLIPS[i]

    p = render.Pacing()
    audio = render.render_chapter(CHAPTER, clip, tmp_path / "01 - One.mp3",
                                  tags.Tags("One", "Book", "Ada", 1, 2), p)
    assert calls == list(range(len(CHAPTER)))
    assert sorted(f.name for f in tmp_path.iterdir()) == ["01 - One.lrc", "01 - One.mp3", "01 - One.vtt"]
    assert oct(audio.path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    # starts follow from clip lengths and pacing; a change of voice is a join between fragments, and
    # each join moves what follows by at most half an MP3 frame plus the encoder's padding (15 ms)
    expected, t = [], p.lead
    for ms, pause in zip([900, 1500, 700, 800, 0, 1100],
                         [p.title, p.paragraph, p.quote, p.scene_break // 2, p.scene_break // 2, 0]):
        expected.append(t / 1000)
        t += ms + pause
    assert audio.starts == [pytest.approx(s, abs=0.002 + 0.015 * i) for i, s in enumerate(expected)]
    assert audio.duration == pytest.approx((t + p.tail) / 1000, abs=0.002 + 0.015 * len(expected))
    # where the sound begins in the encoded file, by ffmpeg's silencedetect
    onsets = [end for _, end in loudness.silences(audio.path, threshold=-50, minimum=0.2)]
    cues = _vtt_starts(audio.path.with_suffix(".vtt"))
    assert len(cues) == 5
    for cue in cues:
        assert min(abs(cue - o) for o in onsets) <= 0.05
    m = loudness.measure(audio.path)
    assert m.acx_problems() == []
    assert m.lead == pytest.approx(p.lead / 1000, abs=0.03) and m.tail == pytest.approx(p.tail / 1000, abs=0.06)


def _umask() -> int:
    import os

    old = os.umask(0)
    os.umask(old)
    return old


def _vtt_starts(path: Path) -> list[float]:
    out = []
    for h, m, s in re.findall(r"(\d\d):(\d\d):(\d\d\.\d\d\d) -->", path.read_text(encoding="utf-8")):
        out.append(int(h) * 3600 + int(m) * 60 + float(s))
    return out


@pytest.mark.slow
def test_render_chapter_honours_sample_rate_channels_and_bitrate(tmp_path):
    audio = render.render_chapter(CHAPTER[:2], CLIPS.__getitem__, tmp_path / "a.mp3",
                                  tags.Tags("One", "Book", None, 1, 1), render.Pacing(), "96k",
                                  sample_rate=44100, channels=2, captions=())
    info = stream_info(audio.path)
    assert re.search(r"Audio: mp3.*44100 Hz, stereo, fltp, 96 kb/s", info)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["a.mp3"]


@pytest.mark.slow
def test_long_chapter_is_encoded_without_holding_its_pcm(tmp_path):
    clip_pcm = tone(5000, 220, -20)  # 220 kB a clip; 120 clips = 26 MB of PCM
    segments = [seg(text="Words.", paragraph=i) for i in range(120)]
    tracemalloc.start()
    try:
        audio = render.render_chapter(segments, lambda i: clip_pcm, tmp_path / "long.mp3",
                                      tags.Tags("Long", "Book", None, 1, 1), captions=())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert audio.duration > 600
    assert peak < 20 * len(clip_pcm) < 26_000_000 / 5  # a few clips' worth, not the chapter


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["m4b", "mp3"])
def test_single_file_edition_has_titled_chapters_at_the_chapter_boundaries(tmp_path, kind):
    files = []
    for n, (title, clips) in enumerate([("One", CLIPS[:2]), ("Two", CLIPS[2:4])], 1):
        files.append(render.render_chapter(CHAPTER[:2], clips.__getitem__, tmp_path / f"0{n} - {title}.mp3",
                                           tags.Tags(title, "Book", "Ada", n, 2), captions=()))
    book = tags.Tags("Book", "Book", "Ada", 1, 1, year=1999, cover=PNG)
    single = render.render_single([f.path for f in files], ["One", "Two"], tmp_path / f"book.{kind}", kind,
                                  book)
    d1, d2 = files[0].duration, files[1].duration
    assert [(m.title, round(m.start, 2), round(m.end, 2)) for m in tags.read_chapters(single.path)] == [
        ("One", 0, round(d1, 2)), ("Two", round(d1, 2), round(d1 + d2, 2))]
    if kind == "m4b":
        from mutagen.mp4 import MP4

        mp4 = MP4(str(single.path))
        assert [(c.title, round(c.start, 2)) for c in mp4.chapters] == [("One", 0), ("Two", round(d1, 2))]
        assert mp4["\xa9alb"] == ["Book"] and mp4["\xa9gen"] == ["Audiobook"] and mp4["\xa9day"] == ["1999"]
        assert bytes(mp4["covr"][0]) == PNG
        assert "Audio: aac" in stream_info(single.path)
    else:
        from mutagen.id3 import ID3

        id3 = ID3(str(single.path), v2_version=3)  # read as v2.3 frames (TYER, not TDRC)
        assert id3.version[:2] == (2, 3)
        chaps = sorted(id3.getall("CHAP"), key=lambda c: c.start_time)
        assert [(c.sub_frames["TIT2"].text[0], c.start_time, c.end_time) for c in chaps] == [
            ("One", 0, round(d1 * 1000)), ("Two", round(d1 * 1000), round((d1 + d2) * 1000))]
        toc = id3.getall("CTOC")[0]
        assert toc.flags & 3 == 3 and toc.child_element_ids == [c.element_id for c in chaps]
        assert id3.getall("APIC")[0].data == PNG and str(id3["TYER"]) == "1999"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# --- long chapters: fragments encoded side by side, joined frame for frame ---

LONG = [seg(model.DIALOGUE, "word " * 180, paragraph=i, speaker="Mara") for i in range(6)]  # 900 chars each


def _long_clips(changed: int | None = None):
    return [tone(1200, 300 + 60 * i + (170 if i == changed else 0), -20) for i in range(len(LONG))]


@pytest.mark.slow
def test_long_chapter_is_encoded_in_fragments_and_cues_stay_on_the_sound(tmp_path):
    store = tmp_path / "fragments"
    clips = _long_clips()
    audio = render.render_chapter(LONG, clips.__getitem__, tmp_path / "out" / "long.mp3",
                                  tags.Tags("Long", "Book", None, 1, 1), encoders=2, fragments=store)
    # cut after 1800 and 3600 characters of text; a fragment encoded early with the gain of the
    # chapter so far is encoded again when the chapter's final gain differs
    assert 3 <= len(list(store.glob("??/*.mp3"))) <= 5
    m = loudness.measure(audio.path)
    assert m.acx_problems() == []
    assert m.duration == pytest.approx(audio.duration, abs=0.03)
    assert m.lead == pytest.approx(render.Pacing().lead / 1000, abs=0.03)
    onsets = [end for _, end in loudness.silences(audio.path, threshold=-50, minimum=0.2)]
    cues = _vtt_starts(audio.path.with_suffix(".vtt"))
    assert len(cues) == len(LONG)
    for cue, start in zip(cues, audio.starts):
        assert min(abs(cue - o) for o in onsets) <= 0.05
        assert cue == pytest.approx(start, abs=0.002)
    # each join lengthens its pause by the encoder's padding only
    plain = (render.Pacing().lead + 6 * 1200 + 5 * render.Pacing().paragraph + render.Pacing().tail) / 1000
    assert plain < audio.duration < plain + 2 * 0.06 + 0.05
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_changing_one_clip_reencodes_only_its_fragment(tmp_path):
    store = tmp_path / "fragments"
    path = tmp_path / "long.mp3"
    first = render.render_chapter(LONG, _long_clips().__getitem__, path, tags.Tags("Long", "Book", None, 1, 1),
                                  fragments=store, captions=())
    before = set(store.glob("??/*.mp3"))
    second = render.render_chapter(LONG, _long_clips(changed=5).__getitem__, path,
                                   tags.Tags("Long", "Book", None, 1, 1), fragments=store, captions=())
    new = set(store.glob("??/*.mp3")) - before
    assert len(before) >= 3 and len(new) == 1
    assert second.gain == first.gain and second.duration == pytest.approx(first.duration, abs=0.001)
    assert loudness.measure(path).acx_problems() == []


def test_detect_silence_finds_what_pydub_finds():
    from pydub.silence import detect_silence

    pcm = (tone(400) + render.silence(330) + tone(250, 600) + render.silence(160) + tone(300, 500, -45)
           + render.silence(700) + tone(400))
    audio = configure_pydub()(data=pcm, sample_width=2, frame_rate=RATE, channels=1)
    theirs = detect_silence(audio, min_silence_len=150, silence_thresh=-50, seek_step=5)
    ours = render.detect_silence(pcm, min_silence_len=150, silence_thresh=-50, seek_step=5)
    assert len(ours) == len(theirs) == 3
    for (a, b), (c, d) in zip(ours, theirs):
        assert abs(a - c) <= 5 and abs(b - d) <= 5


TURNS = [seg(text="She waited.", paragraph=0), seg(model.DIALOGUE, "Now?", 1, "Mara"),
         seg(text="No answer came.", paragraph=2), seg(model.DIALOGUE, "Now, then.", 3, "Mara"),
         seg(model.DIALOGUE, "Wait.", 4, "Tom"), seg(text="They went.", paragraph=5)]


def _turn_clips(changed: int | None = None):
    return [tone(600 + 50 * i, 300 + 40 * i + (170 if i == changed else 0), -20) for i in range(len(TURNS))]


@pytest.mark.slow
def test_a_changed_voice_reencodes_only_the_fragments_of_its_lines(tmp_path):
    store, path = tmp_path / "fragments", tmp_path / "turns.mp3"
    t = tags.Tags("Turns", "Book", None, 1, 1)
    first = render.render_chapter(TURNS, _turn_clips().__getitem__, path, t, fragments=store, encoders=2)
    before = set(store.glob("??/*.mp3"))
    assert len(before) == len(TURNS)  # a fragment at every change of voice, however short
    render.render_chapter(TURNS, _turn_clips(changed=3).__getitem__, path, t, fragments=store, encoders=2)
    assert len(set(store.glob("??/*.mp3")) - before) == 1
    # five joins, each within half an MP3 frame plus the encoder's padding of the plain timeline
    p = render.Pacing()
    plain = (p.lead + sum(600 + 50 * i for i in range(6)) + 5 * p.paragraph + p.tail) / 1000
    assert first.duration == pytest.approx(plain, abs=5 * 0.015 + 0.002)
    onsets = [end for _, end in loudness.silences(path, threshold=-50, minimum=0.2)]
    for cue in _vtt_starts(path.with_suffix(".vtt")):
        assert min(abs(cue - o) for o in onsets) <= 0.05
    assert loudness.measure(path).acx_problems() == []


# --- a rebuild laid out from what the last render kept of its clips ---

def _keyed(clips: list[bytes]) -> list[str]:
    """A name per clip that changes with its audio, as a cache key does."""
    import hashlib

    return [hashlib.sha256(c).hexdigest() for c in clips]


@pytest.mark.slow
def test_a_changed_line_is_laid_out_from_the_last_layout_reading_only_its_fragment(tmp_path):
    t = tags.Tags("Turns", "Book", None, 1, 1)
    store = tmp_path / "fragments"
    clips = _turn_clips()
    first = render.render_chapter(TURNS, clips.__getitem__, tmp_path / "a" / "turns.mp3", t, fragments=store,
                                  keys=_keyed(clips))
    assert len(first.layout) == len(TURNS)
    changed = _turn_clips(changed=3)
    reads = []
    again = render.render_chapter(TURNS, lambda i: reads.append(i) or changed[i], tmp_path / "a" / "turns.mp3", t,
                                  fragments=store, keys=_keyed(changed), layout=first.layout)
    assert reads == [3]  # the changed clip alone: every other one is known from the layout and kept encoded
    # the same file, captions and layout as a render of the changed chapter from nothing
    fresh = render.render_chapter(TURNS, changed.__getitem__, tmp_path / "b" / "turns.mp3", t,
                                  fragments=tmp_path / "fresh", keys=_keyed(changed))
    assert again.path.read_bytes() == fresh.path.read_bytes()
    assert again.path.with_suffix(".vtt").read_text() == fresh.path.with_suffix(".vtt").read_text()
    assert (again.starts, again.duration, again.gain, again.layout) == \
        (fresh.starts, fresh.duration, fresh.gain, fresh.layout)


@pytest.mark.slow
def test_a_clip_that_is_not_what_its_layout_says_makes_the_chapter_stream(tmp_path):
    t = tags.Tags("Long", "Book", None, 1, 1)
    store = tmp_path / "fragments"
    clips = _long_clips()  # fragments of two clips each: 0-1, 2-3, 4-5
    first = render.render_chapter(LONG, clips.__getitem__, tmp_path / "long.mp3", t, fragments=store,
                                  keys=_keyed(clips), captions=())
    # clip 5 is new; clip 4 was made again under the same name, longer (an engine that is not
    # deterministic): their fragment cannot be written from the layout, so the chapter streams
    changed = _long_clips(changed=5)
    changed[4] = changed[4] + tone(300, 650, -20)
    names = _keyed(clips)
    names[5] = _keyed(changed)[5]
    reads = []
    again = render.render_chapter(LONG, lambda i: reads.append(i) or changed[i], tmp_path / "long.mp3", t,
                                  fragments=store, keys=names, layout=first.layout, captions=())
    fresh = render.render_chapter(LONG, changed.__getitem__, tmp_path / "fresh.mp3", t,
                                  fragments=tmp_path / "fresh", captions=())
    assert reads == [5, 4, *range(len(LONG))]  # laid out, found stale, then streamed: every clip in order
    assert again.duration == fresh.duration and again.starts == fresh.starts
    assert again.path.read_bytes() == fresh.path.read_bytes()


@pytest.mark.slow
def test_a_kept_fragment_damaged_since_is_encoded_again_from_the_layout(tmp_path):
    t = tags.Tags("Long", "Book", None, 1, 1)
    store = tmp_path / "fragments"
    clips = _long_clips()
    first = render.render_chapter(LONG, clips.__getitem__, tmp_path / "long.mp3", t, fragments=store,
                                  keys=_keyed(clips), captions=())
    for f in store.glob("??/*.mp3"):  # a byte flipped in the audio of every kept fragment: its checksum fails
        data = bytearray(f.read_bytes())
        data[len(data) // 2] ^= 0x55
        f.write_bytes(bytes(data))
    changed = _long_clips(changed=5)
    reads = []
    again = render.render_chapter(LONG, lambda i: reads.append(i) or changed[i], tmp_path / "long.mp3", t,
                                  fragments=store, keys=_keyed(changed), layout=first.layout, captions=())
    fresh = render.render_chapter(LONG, changed.__getitem__, tmp_path / "fresh.mp3", t,
                                  fragments=tmp_path / "fresh", captions=())
    assert sorted(reads) == list(range(len(LONG)))  # each fragment's clips read once, to encode it again
    assert again.path.read_bytes() == fresh.path.read_bytes()


def _audio_after_tag(path: Path) -> bytes:
    data = path.read_bytes()
    size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9] if data[:3] == b"ID3" else -10
    return data[10 + size:]


@pytest.mark.slow
def test_the_mp3_edition_joins_the_chapters_frames_without_encoding_them_again(tmp_path, monkeypatch):
    files = []
    for n, (title, clips) in enumerate([("One", CLIPS[:2]), ("Two", CLIPS[2:4])], 1):
        files.append(render.render_chapter(CHAPTER[:2], clips.__getitem__, tmp_path / f"0{n}.mp3",
                                           tags.Tags(title, "Book", "Ada", n, 2), captions=()))
    from talecast.render import book

    monkeypatch.setattr(book, "_stream_book", lambda *a, **k: pytest.fail("decoded and encoded again"))
    single = render.render_single([f.path for f in files], ["One", "Two"], tmp_path / "book.mp3", "mp3",
                                  tags.Tags("Book", "Book", "Ada", 1, 1))
    assert _audio_after_tag(single.path) == b"".join(_audio_after_tag(f.path) for f in files)
    assert [(m.start, m.end) for m in single.chapters] == [
        (0, files[0].duration), (files[0].duration, files[0].duration + files[1].duration)]
    # chapters of another format (a Xing header, another rate) are decoded and encoded again
    other = render.render_chapter(CHAPTER[:2], CLIPS.__getitem__, tmp_path / "03.mp3",
                                  tags.Tags("Three", "Book", "Ada", 3, 3), sample_rate=44100, captions=())
    assert book._bare_frames(other.path, render.AudioFormat()) is None
    assert book._bare_frames(files[0].path, render.AudioFormat(bitrate="96k")) is None
