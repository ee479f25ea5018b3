"""Shared helpers for tests that look at real audio files."""
from __future__ import annotations

import array
import subprocess

from talecast.render.ffmpeg import ffmpeg_exe


def decode(path, rate: int = 22050) -> array.array:
    """Decode an audio file to mono 16-bit samples with ffmpeg."""
    out = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1",
                          "-ar", str(rate), "-"], check=True, capture_output=True).stdout
    samples = array.array("h")
    samples.frombytes(out)
    return samples


def is_mp3(path) -> bool:
    from mutagen.mp3 import MP3

    return MP3(str(path)).info.length > 0


def spoken(doc) -> list[str]:
    """The text of every paragraph a Document will read: its notes, then its chapters' bodies."""
    src = doc.source
    return [src[b.start:b.end] for b in doc.notes] + [src[b.start:b.end] for c in doc.chapters for b in c.blocks]
