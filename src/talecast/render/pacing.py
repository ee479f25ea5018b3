"""Pacing and format: pauses between segments (the ``[pacing]`` table) and how files are encoded."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import model
from ..synth.engine import SAMPLE_RATE, SAMPLE_WIDTH
from ..errors import ConfigError
from ..model import Pacing
from ..words import CLOSERS, SENTENCE_MARKS, TITLES


FRAME_BYTES = SAMPLE_WIDTH  # mono
CHUNK = 1 << 16


# Highest MP3 bit rate (kbit/s) at each sample rate LAME can encode (MPEG-1, 2 and 2.5).
MP3_RATES = {48000: 320, 44100: 320, 32000: 320, 24000: 160, 22050: 160, 16000: 160,
             12000: 64, 11025: 64, 8000: 64}


@dataclass(frozen=True)
class AudioFormat:
    """How files are encoded; the defaults suit speech (mono, 64 kbit/s, espeak-ng's own rate)."""

    bitrate: str = "64k"
    sample_rate: int = SAMPLE_RATE
    channels: int = 1

    def __post_init__(self):
        m = re.fullmatch(r"(\d+)k?", str(self.bitrate).strip().lower())
        if not m:
            raise ConfigError(f"bit rate '{self.bitrate}' is not a number of kbit/s such as 64k")
        kbps = int(m[1])
        if self.sample_rate not in MP3_RATES:
            raise ConfigError(f"sample rate {self.sample_rate} is not one of "
                              f"{', '.join(map(str, sorted(MP3_RATES)))}")
        top = MP3_RATES[self.sample_rate]
        if not 8 <= kbps <= top:
            raise ConfigError(f"bit rate {kbps}k is not possible at {self.sample_rate} Hz (8k-{top}k)")
        if self.channels not in (1, 2):
            raise ConfigError(f"channels must be 1 (mono) or 2 (stereo), not {self.channels}")
        object.__setattr__(self, "bitrate", f"{kbps}k")

    def output_args(self) -> list[str]:
        """ffmpeg output options for this format (any codec)."""
        return ["-ar", str(self.sample_rate), "-ac", str(self.channels), "-b:a", self.bitrate]


# --- pacing ---

def frames(ms: int) -> int:
    """Frames of 16-bit mono PCM at SAMPLE_RATE in ``ms`` milliseconds."""
    return SAMPLE_RATE * max(int(ms), 0) // 1000


def silence(ms: int) -> bytes:
    """``ms`` milliseconds of digital silence."""
    return b"\0" * (frames(ms) * FRAME_BYTES)


def pause_after(seg: model.Segment, nxt: model.Segment | None, pacing: Pacing) -> int:
    """Milliseconds of silence between ``seg`` and the segment after it."""
    if nxt is None:
        return 0
    if seg.kind in (model.TITLE, model.HEADING):
        return pacing.title
    if seg.kind == model.BREAK or nxt.kind == model.BREAK:
        return pacing.scene_break // 2  # half on each side of the break
    if nxt.paragraph != seg.paragraph:
        return pacing.paragraph
    if (seg.kind, seg.speaker) != (nxt.kind, nxt.speaker):
        return pacing.quote
    return pacing.sentence if ends_sentence(seg.text) else 0  # e.g. *emphasis* split off


_ABBREV = re.compile(rf"\b(?:{'|'.join(TITLES)}|vs|etc|i\.e|e\.g)\.$", re.I)
_MARK, _CLOSERS = f"[{re.escape(SENTENCE_MARKS)}]", f"[{re.escape(CLOSERS)}]*"
_SENTENCE_END = re.compile(rf"(?:{_MARK}+|\.\.\.){_CLOSERS}(?=\s+\S)")  # the mark, not the space after


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (``.``, ``!``, ``?``, ``…`` before any closing quote)."""
    text = text.rstrip()
    return bool(re.search(rf"{_MARK}{_CLOSERS}$", text)) and not _ABBREV.search(text)


def sentence_breaks(text: str) -> int:
    """How many sentence boundaries lie inside ``text`` (not counting its end)."""
    return sum(1 for m in _SENTENCE_END.finditer(text) if not _ABBREV.search(text[:m.end()]))
