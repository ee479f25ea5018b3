"""The book: the playlist and the single-file edition (one file with chapter marks)."""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import files
from ..errors import ConfigError, TalecastError
from .ffmpeg import ffmpeg_exe
from .tags import ChapterMark, Tags, tag_mp3, tag_mp4
from .chapter import _ffmpeg, _temp
from .pacing import CHUNK, AudioFormat


# --- the book ---

def write_playlist(path: Path, entries: list[tuple[str, str, float]]) -> None:
    """An extended M3U (UTF-8) of (file name, title, seconds), relative paths, atomically."""
    path = Path(path)
    lines = ["#EXTM3U"]
    for name, title, seconds in entries:
        title = re.sub(r"\s+", " ", title).strip()
        lines += [f"#EXTINF:{seconds:.3f},{title}", name]
    text = "\n".join(lines) + "\n"
    with contextlib.suppress(OSError):
        if path.read_text(encoding="utf-8") == text:
            return  # unchanged: not written again
    files.write_atomic(path, text)  # beside it, fsynced, renamed; nothing left on failure


@dataclass(frozen=True)
class SingleAudio:
    """The whole book in one file, with a chapter list."""

    path: Path
    chapters: list[ChapterMark] = field(default_factory=list)

    @property
    def duration(self) -> float:
        return self.chapters[-1].end if self.chapters else 0.0


SINGLE_FORMATS = {
    # format: (ffmpeg encoder options, muxer)
    "m4b": (["-c:a", "aac"], "ipod"),
    "mp3": (["-c:a", "libmp3lame", "-id3v2_version", "3"], "mp3"),
}


def render_single(files: list[Path], titles: list[str], path: Path, kind: str, tags: Tags,
                  fmt: AudioFormat = AudioFormat()) -> SingleAudio:
    """Join chapter files into one ``kind`` file (``m4b`` or ``mp3``) with chapters, atomically.

    An MP3 edition of chapters that are bare MP3 frames of one format (as
    ``render_chapter`` writes them at the engine's rate) is their frames joined
    as they are, after its tag: nothing is decoded or encoded again. Otherwise
    each chapter is decoded and streamed into one encoder (memory stays flat).
    Chapter marks come from the sample counts, so they are exact. M4B gets an
    MP4 chapter list (via an FFMETADATA file), MP3 gets ID3 CHAP/CTOC frames.
    """
    if kind not in SINGLE_FORMATS:
        raise ConfigError(f"single-file format '{kind}' is not one of {', '.join(SINGLE_FORMATS)}")
    codec, muxer = SINGLE_FORMATS[kind]
    path = Path(path)
    temps: list[Path] = []
    try:
        if kind == "mp3":
            joined = _join_mp3(files, titles, path, tags, fmt, temps)
            if joined:
                return joined
        audio_tmp = _temp(path, f".{kind}", temps)
        marks = _stream_book(files, titles, fmt, [*codec, "-f", muxer, str(audio_tmp)])
        if kind == "m4b":
            from .tags import ffmetadata

            meta = _temp(path, ".ffmeta", temps)
            meta.write_text(ffmetadata(marks, tags), encoding="utf-8")
            out = _temp(path, ".m4b", temps)
            _ffmpeg(["-i", str(audio_tmp), "-f", "ffmetadata", "-i", str(meta), "-map", "0:a",
                     "-map_metadata", "1", "-map_chapters", "1", "-c", "copy",
                     "-movflags", "+faststart", "-f", muxer, str(out)])
            tag_mp4(out, tags)
        else:
            out = audio_tmp
            tag_mp3(out, tags, marks)
        os.replace(out, path)
    finally:
        for t in temps:
            with contextlib.suppress(FileNotFoundError):
                t.unlink()
    return SingleAudio(path, marks)


def _stream_book(files: list[Path], titles: list[str], fmt: AudioFormat, encode_out: list[str]):
    """Decode each file to PCM and pipe it into one ffmpeg encoder; return the chapter marks."""
    raw = ["-f", "s16le", "-ar", str(fmt.sample_rate), "-ac", str(fmt.channels)]
    frame = 2 * fmt.channels
    with tempfile.TemporaryFile() as err:
        enc = subprocess.Popen([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *raw, "-i", "pipe:0",
                                "-b:a", fmt.bitrate, *encode_out],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err)
        marks, pos = [], 0
        try:
            for file, title in zip(files, titles):
                dec = subprocess.Popen([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
                                        "-i", str(file), *raw, "pipe:1"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                start = pos
                while chunk := dec.stdout.read(CHUNK * frame):
                    enc.stdin.write(chunk)
                    pos += len(chunk)
                if dec.wait():
                    raise TalecastError(f"ffmpeg could not decode {file}: {dec.stderr.read().decode()[-300:]}")
                dec.stderr.close()
                dec.stdout.close()
                marks.append(ChapterMark(title, start / frame / fmt.sample_rate, pos / frame / fmt.sample_rate))
        finally:
            with contextlib.suppress(BrokenPipeError):
                enc.stdin.close()
            code = enc.wait()
        if code:
            err.seek(0)
            raise TalecastError(f"ffmpeg failed: {err.read().decode(errors='replace').strip()[-500:]}")
    return marks


def _join_mp3(files: list[Path], titles: list[str], path: Path, tags: Tags, fmt: AudioFormat,
              temps: list[Path]) -> SingleAudio | None:
    """The MP3 edition as the chapters' frames joined, or None when a chapter is not bare frames of
    the format ``fmt`` (a Xing/LAME header, another rate or bit rate): it is then encoded again."""
    spans, marks, total = [], [], 0
    for file, title in zip(files, titles):
        span = _bare_frames(Path(file), fmt)
        if span is None:
            return None
        start, end, samples = span
        spans.append((file, start, end))
        marks.append(ChapterMark(title, total / fmt.sample_rate, (total + samples) / fmt.sample_rate))
        total += samples
    out = _temp(path, ".mp3", temps)
    out.write_bytes(b"")
    tag_mp3(out, tags, marks)  # first: the frames are appended after it
    with open(out, "ab") as dst:
        for file, start, end in spans:
            with open(file, "rb") as src:
                src.seek(start)
                left = end - start
                while left:
                    chunk = src.read(min(CHUNK * 16, left))
                    if not chunk:
                        raise TalecastError(f"{file} changed while the single-file edition was written")
                    dst.write(chunk)
                    left -= len(chunk)
    os.replace(out, path)
    return SingleAudio(path, marks)


def _bare_frames(file: Path, fmt: AudioFormat) -> tuple[int, int, int] | None:
    """(first byte, end, samples) of the MP3 frames of ``file`` after its ID3v2 tag, when they are
    all of ``fmt``'s rate, bit rate and channels and the first is no Xing/Info header; else None."""
    from .chapter import _BITRATES, _RATES, _frame

    data = file.read_bytes()
    pos = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        pos = 10 + size + (10 if data[5] & 0x10 else 0)
    end = len(data) - (128 if data[-128:-125] == b"TAG" else 0)
    if pos + 4 > end or b"Xing" in data[pos + 4:pos + 40] or b"Info" in data[pos + 4:pos + 40]:
        return None
    first, samples, header = pos, 0, data[pos + 1:pos + 4]
    b1, b2, b3 = header
    version = (b1 >> 3) & 3
    size, per_frame = _frame(data[pos], b1, b2)
    if size <= 0 or _RATES[version][(b2 >> 2) & 3] != fmt.sample_rate \
            or _BITRATES[1 if version == 3 else 2][b2 >> 4] != int(fmt.bitrate.removesuffix("k")) \
            or ((b3 >> 6) == 3) != (fmt.channels == 1):
        return None
    while pos + 4 <= end:
        # every frame alike but for its padding bit (and its mode extension, copyright and emphasis bits)
        if data[pos] != 0xFF or data[pos + 1] != b1 or (data[pos + 2] & 0xFD) != (b2 & 0xFD) \
                or (data[pos + 3] & 0xC0) != (b3 & 0xC0):
            return None
        size, per = _frame(data[pos], data[pos + 1], data[pos + 2])
        if size <= 0:
            return None
        pos += size
        samples += per
    return (first, end, samples) if pos == end else None

