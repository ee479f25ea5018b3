"""Loudness: match each clip's level, bring a chapter to the ACX ranges, measure files.

Each new clip's level is matched with pydub; levels are measured with ``audioop`` (RMS
and peak, as pydub does) while clips stream,
and files are measured with ffmpeg's own meters (``astats``, ``silencedetect``).

ACX (Audible) audio requirements, per file: RMS between -23 and -18 dBFS,
peaks at or below -3 dBFS, 0.5-1 s of room tone at the start, 1-5 s at the end.
"""
from __future__ import annotations

import math
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .ffmpeg import configure_pydub, ffmpeg_exe

ACX_RMS = (-23.0, -18.0)      # dBFS, whole file
ACX_PEAK = -3.0               # dBFS, highest sample
ACX_LEAD = (0.5, 1.0)         # seconds of silence at the start
ACX_TAIL = (1.0, 5.0)         # seconds of silence at the end

SEGMENT_LEVEL = -26.0         # dBFS: every clip's RMS before the chapter gain (leaves headroom)
SEGMENT_CEILING = -1.0        # dBFS: no clip's peak goes above this before the chapter gain
CHAPTER_LEVEL = -19.5         # dBFS: the chapter's RMS target, inside ACX_RMS with room to spare
CHAPTER_CEILING = -5.0        # dBFS: the limiter's ceiling; 2 dB below ACX_PEAK for MP3 overshoot
SILENCE_THRESHOLD = -50.0     # dBFS: quieter than this counts as silence in a clip
MAX_GAIN = 40.0               # dB: never lift a clip (or chapter) by more than this


def _audioop():
    from .clips import _audioop

    return _audioop()


def match_level(pcm: bytes, rate: int, level: float = SEGMENT_LEVEL,
                ceiling: float = SEGMENT_CEILING) -> bytes:
    """``pcm`` (16-bit mono) with its RMS brought to ``level`` dBFS, by pydub.

    The gain is lowered if it would push the clip's peak above ``ceiling``, so
    nothing clips; silent clips come back unchanged. pydub is imported here, for the
    clips synthesized now: a rebuild whose clips all come from the cache never loads it.
    """
    if len(pcm) < 2 or not _audioop().rms(pcm, 2):
        return pcm
    seg = configure_pydub()(data=pcm, sample_width=2, frame_rate=rate, channels=1)
    gain = min(level - seg.dBFS, ceiling - seg.max_dBFS, MAX_GAIN)
    return seg.apply_gain(gain).raw_data


class ChapterMeter:
    """The RMS of a chapter, accumulated clip by clip as it streams (silence counts too)."""

    def __init__(self, rate: int):
        self.rate = rate
        self.frames = 0
        self._energy = 0.0  # sum of squared samples

    def add(self, pcm: bytes) -> None:
        """Count ``pcm`` (16-bit mono) into the chapter."""
        if len(pcm) >= 2:
            self.add_measured(len(pcm) // 2, _audioop().rms(pcm, 2))

    def add_measured(self, frames: int, rms: int) -> None:
        """Count ``frames`` of audio whose RMS (``audioop.rms``, as pydub measures it) is ``rms``."""
        if frames:
            self._energy += float(rms) ** 2 * frames
            self.frames += frames

    def add_silence(self, frames: int) -> None:
        """Count ``frames`` of digital silence into the chapter."""
        self.frames += frames

    @property
    def dbfs(self) -> float:
        """The chapter's RMS so far in dBFS (``-inf`` while silent)."""
        if not self._energy:
            return -math.inf
        return 20 * math.log10(math.sqrt(self._energy / self.frames) / 32768)

    def gain_to(self, level: float = CHAPTER_LEVEL) -> float:
        """The gain in dB that brings the chapter to ``level`` dBFS RMS (0 when silent)."""
        if math.isinf(self.dbfs):
            return 0.0
        return max(-MAX_GAIN, min(MAX_GAIN, level - self.dbfs))


def chapter_filter(gain: float, ceiling: float = CHAPTER_CEILING) -> str:
    """An ffmpeg audio filter: the chapter gain, then a look-ahead peak limiter.

    ``latency=1`` compensates the limiter's look-ahead, so timing is unchanged;
    ``level=0`` stops it from normalizing its output back up to full scale.
    """
    limit = 10 ** (ceiling / 20)
    return (f"volume={gain:.3f}dB,"
            f"alimiter=limit={limit:.4f}:attack=5:release=50:level=0:latency=1")


# --- measuring finished files with ffmpeg's meters ---

@dataclass(frozen=True)
class Measurement:
    """A file's loudness and silences, as ffmpeg's meters report them."""

    rms: float        # dBFS over the whole file (astats "RMS level")
    peak: float       # dBFS (astats "Peak level")
    duration: float   # seconds of decoded audio
    lead: float       # seconds of silence at the start
    tail: float       # seconds of silence at the end

    def acx_problems(self) -> list[str]:
        """What keeps this file from the ACX requirements (empty when it meets them)."""
        out = []
        if not ACX_RMS[0] <= self.rms <= ACX_RMS[1]:
            out.append(f"RMS {self.rms:.1f} dBFS is outside {ACX_RMS[0]:g} to {ACX_RMS[1]:g}")
        if self.peak > ACX_PEAK:
            out.append(f"peak {self.peak:.1f} dBFS is above {ACX_PEAK:g}")
        if not ACX_LEAD[0] <= self.lead <= ACX_LEAD[1]:
            out.append(f"{self.lead:.2f} s of silence at the start, not {ACX_LEAD[0]:g}-{ACX_LEAD[1]:g}")
        if not ACX_TAIL[0] <= self.tail <= ACX_TAIL[1]:
            out.append(f"{self.tail:.2f} s of silence at the end, not {ACX_TAIL[0]:g}-{ACX_TAIL[1]:g}")
        return out


def silences(path: Path, threshold: float = -60.0, minimum: float = 0.1) -> list[tuple[float, float]]:
    """(start, end) of each silence in ``path`` by ffmpeg's ``silencedetect``, seconds."""
    err = _run_meter(path, f"silencedetect=noise={threshold}dB:d={minimum}")
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", err)]
    ends = [float(x) for x in re.findall(r"silence_end: (-?[\d.]+)", err)]
    duration = decoded_duration(err)
    ends += [duration] * (len(starts) - len(ends))  # a silence running to the end has no end line
    return [(max(0.0, s), e) for s, e in zip(starts, ends)]


def measure(path: Path, silence_threshold: float = -60.0) -> Measurement:
    """Measure ``path`` with ffmpeg: RMS and peak (``astats``), lead and tail silence."""
    err = _run_meter(path, "astats=measure_perchannel=none:measure_overall=RMS_level+Peak_level")
    rms = _astat(err, "RMS level")
    peak = _astat(err, "Peak level")
    duration = decoded_duration(err)
    quiet = silences(path, silence_threshold)
    lead = quiet[0][1] if quiet and quiet[0][0] <= 0.01 else 0.0
    tail = duration - quiet[-1][0] if quiet and quiet[-1][1] >= duration - 0.01 else 0.0
    return Measurement(rms, peak, duration, lead, tail)


def decoded_duration(ffmpeg_stderr: str) -> float:
    """The decoded length from the last ``time=`` progress line of an ffmpeg run, seconds."""
    times = re.findall(r"time=(\d+):(\d+):([\d.]+)", ffmpeg_stderr)
    if not times:
        return 0.0
    h, m, s = times[-1]
    return int(h) * 3600 + int(m) * 60 + float(s)


def _astat(err: str, name: str) -> float:
    found = re.findall(rf"{name} dB: (-?[\d.]+|-inf)", err)
    return float(found[-1]) if found else -math.inf


def _run_meter(path: Path, filt: str) -> str:
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-stats", "-i", str(path),
                           "-af", filt, "-f", "null", "-"],
                          capture_output=True, text=True, errors="replace")
    if proc.returncode:
        raise RuntimeError(f"ffmpeg could not measure {path}: {proc.stderr.strip()[-300:]}")
    return proc.stderr
