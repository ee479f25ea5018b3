"""Render: join clips with pauses into chapter audio, export MP3, tag, list.

Clips are raw 16-bit mono PCM; a chapter is joined once with ``b"".join``
(never by growing an AudioSegment clip by clip, which is quadratic).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import model
from .engine import SAMPLE_RATE, SAMPLE_WIDTH

FRAME_BYTES = SAMPLE_WIDTH  # mono


@dataclass(frozen=True)
class Pacing:
    """Pauses in milliseconds."""

    lead: int = 700            # silence at the start of every file
    tail: int = 1500           # silence at the end of every file
    segment: int = 250         # between a quote and the narration around it
    paragraph: int = 700
    scene_break: int = 2000
    title: int = 1500          # after the spoken title and after chapter headings


def silence(ms: int) -> bytes:
    return b"\0" * (SAMPLE_RATE * ms // 1000 * FRAME_BYTES)


def pause_after(seg: model.Segment, nxt: model.Segment | None, pacing: Pacing) -> int:
    if nxt is None:
        return 0
    if seg.kind in (model.TITLE, model.HEADING):
        return pacing.title
    if seg.kind == model.BREAK or nxt.kind == model.BREAK:
        return pacing.scene_break // 2
    if nxt.paragraph != seg.paragraph:
        return pacing.paragraph
    return pacing.segment


def chapter_pcm(segments, clips, pacing: Pacing = Pacing()) -> tuple[bytes, list[float]]:
    """Join one chapter's clips; return the PCM and each segment's start time (s).

    ``clips[i]`` is the PCM of ``segments[i]`` (``b""`` for a segment not spoken).
    """
    parts = [silence(pacing.lead)]
    starts = []
    pos = len(parts[0])
    for i, seg in enumerate(segments):
        starts.append(pos / (SAMPLE_RATE * FRAME_BYTES))
        clip = clips[i]
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        gap = silence(pause_after(seg, nxt, pacing))
        parts += [clip, gap]
        pos += len(clip) + len(gap)
    parts.append(silence(pacing.tail))
    return b"".join(parts), starts


@dataclass(frozen=True)
class ChapterAudio:
    path: Path
    duration: float          # seconds
    starts: list[float]      # each segment's start time in the file, seconds


def render_chapter(segments, clip, path: Path, tags: "Tags", pacing: Pacing = Pacing(),
                   bitrate: str = "64k") -> ChapterAudio:
    """Render one chapter to a tagged MP3 at ``path``, atomically.

    ``clip(i)`` returns the PCM of ``segments[i]`` (``b""`` when not spoken); it
    is called once per segment, in order, so clips can be read lazily.
    """
    pcm, starts = chapter_pcm(segments, [clip(i) for i in range(len(segments))], pacing)
    duration = export_mp3(pcm, path, tags, bitrate)
    return ChapterAudio(Path(path), duration, starts)


@dataclass(frozen=True)
class Tags:
    title: str
    album: str
    artist: str | None
    track: int
    total: int


def export_mp3(pcm: bytes, path: Path, tags: Tags, bitrate: str = "64k") -> float:
    """Write ``pcm`` as a tagged mono MP3 at ``path`` (atomically); return its duration in s."""
    from .ffmpeg import configure_pydub

    AudioSegment = configure_pydub()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    audio = AudioSegment(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=SAMPLE_RATE, channels=1)
    try:
        audio.export(str(tmp), format="mp3", bitrate=bitrate, parameters=["-ac", "1"])
        write_tags(tmp, tags)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return len(pcm) / (SAMPLE_RATE * FRAME_BYTES)


def write_tags(path: Path, tags: Tags) -> None:
    from mutagen.id3 import COMM, ID3, TALB, TCON, TIT2, TPE1, TPE2, TRCK, ID3NoHeaderError

    try:
        id3 = ID3(str(path))
    except ID3NoHeaderError:
        id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    if tags.artist:
        id3.add(TPE1(encoding=3, text=tags.artist))
        id3.add(TPE2(encoding=3, text=tags.artist))
    id3.add(TRCK(encoding=3, text=f"{tags.track}/{tags.total}"))
    id3.add(TCON(encoding=3, text="Audiobook"))
    id3.add(COMM(encoding=3, lang="eng", desc="", text="Narrated by talecast"))
    id3.save(str(path), v2_version=3)


def write_playlist(path: Path, entries: list[tuple[str, str, float]]) -> None:
    """An extended M3U (UTF-8) of (file name, title, seconds), relative paths."""
    lines = ["#EXTM3U"]
    for name, title, seconds in entries:
        lines += [f"#EXTINF:{round(seconds)},{title}", name]
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
