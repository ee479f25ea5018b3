"""One clip: trimmed of silence, level-matched, its sentence pauses lengthened."""
from __future__ import annotations

import itertools
import math

from .. import model
from . import loudness
from ..synth.engine import SAMPLE_RATE
from ..model import Pacing
from .pacing import FRAME_BYTES, frames, sentence_breaks, silence


# --- one clip ---

def _chunk_energies(pcm: bytes, step_ms: int, from_end: bool = False):
    """Yield (sum of squared samples, frames) of each ``step_ms`` chunk of ``pcm``, from its start or end.

    The clip is measured with ``audioop`` (C), lazily, and silence is then found
    from these sums instead of slicing the clip into thousands of pydub segments.
    """
    rms = _audioop().rms
    n = len(pcm) // FRAME_BYTES
    a, k = 0, 0
    while a < n:
        k += 1
        b = min(SAMPLE_RATE * k * step_ms // 1000, n)
        lo, hi = (n - b, n - a) if from_end else (a, b)
        yield float(rms(pcm[lo * FRAME_BYTES:hi * FRAME_BYTES], FRAME_BYTES)) ** 2 * (b - a), b - a
        a = b


def _audioop():
    try:
        import audioop
    except ImportError:  # pragma: no cover - Python 3.13+: the audioop-lts wheel pydub depends on
        import audioop_lts as audioop
    return audioop


def _leading_silence(pcm: bytes, threshold: float, step_ms: int = 5, from_end: bool = False) -> int:
    """Milliseconds of silence at the start (or end) of ``pcm``, in ``step_ms`` steps."""
    ms = 0
    for energy, n in _chunk_energies(pcm, step_ms, from_end):
        level = math.sqrt(energy / n)
        if level and 20 * math.log10(level / 32768) >= threshold:  # pydub: dBFS < threshold is silence
            break
        ms += step_ms
    return ms


def detect_silence(pcm: bytes, min_silence_len: int, silence_thresh: float,
                   seek_step: int = 5) -> list[tuple[int, int]]:
    """(start, end) in ms of each silence in ``pcm`` at least ``min_silence_len`` long.

    The same rule as ``pydub.silence.detect_silence`` (a window of
    ``min_silence_len`` ms every ``seek_step`` ms is silent when its RMS is at or
    below ``silence_thresh`` dBFS; overlapping silent windows join), computed
    from per-chunk sums of squares and their running totals: a linear pass in C
    and list comprehensions instead of one pydub slice per step.
    """
    rms = _audioop().rms
    n = len(pcm) // FRAME_BYTES
    count = -(-n * 1000 // (SAMPLE_RATE * seek_step))  # chunks of seek_step ms (the last may be short)
    edges = [min(SAMPLE_RATE * k * seek_step // 1000, n) for k in range(count + 1)]
    width = max(1, min_silence_len // seek_step)
    if count < width:
        return []
    view = memoryview(pcm)
    energy = list(itertools.accumulate(
        (float(rms(view[a * FRAME_BYTES:b * FRAME_BYTES], FRAME_BYTES)) ** 2 * (b - a)
         for a, b in zip(edges, edges[1:])), initial=0.0))
    limit = (10 ** (silence_thresh / 20) * 32768) ** 2  # mean square at the threshold
    starts = [k * seek_step for k in range(count - width + 1)
              if energy[k + width] - energy[k] <= limit * (edges[k + width] - edges[k])]
    ranges: list[tuple[int, int]] = []
    for s in starts:
        if ranges and s <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], s + min_silence_len)
        else:
            ranges.append((s, s + min_silence_len))
    return ranges


def trim(pcm: bytes, threshold: float = loudness.SILENCE_THRESHOLD, margin_ms: int = 10) -> bytes:
    """``pcm`` without the silence espeak-ng leaves at its start and end (a few ms kept)."""
    length = len(pcm) // FRAME_BYTES * 1000 // SAMPLE_RATE
    if not length:
        return b""
    head = _leading_silence(pcm, threshold)
    if head >= length:
        return b""
    tail = _leading_silence(pcm, threshold, from_end=True)
    a = frames(max(head - margin_ms, 0)) * FRAME_BYTES
    b = len(pcm) - frames(max(tail - margin_ms, 0)) * FRAME_BYTES
    return pcm[a:b]


def lengthen_sentence_pauses(pcm: bytes, text: str, ms: int) -> bytes:
    """``pcm`` with the pauses at the sentence ends of ``text`` lengthened to ``ms``.

    espeak-ng's own pause after a full stop (~330 ms at 170 wpm) is short for an
    audiobook. The clip's internal silences are found (``detect_silence``); as many of the
    longest as ``text`` has sentence boundaries are taken as those, and padded.
    """
    want = sentence_breaks(text)
    if not want or ms <= 0:
        return pcm
    length = len(pcm) // FRAME_BYTES * 1000 // SAMPLE_RATE
    gaps = detect_silence(pcm, min_silence_len=150, silence_thresh=loudness.SILENCE_THRESHOLD, seek_step=5)
    gaps = [g for g in gaps if g[0] > 0 and g[1] < length]
    chosen = sorted(sorted(gaps, key=lambda g: g[1] - g[0], reverse=True)[:want])
    parts, pos = [], 0
    for start, end in chosen:
        if end - start >= ms:
            continue
        mid = frames((start + end) // 2) * FRAME_BYTES
        parts += [pcm[pos:mid], silence(ms - (end - start))]
        pos = mid
    parts.append(pcm[pos:])
    return b"".join(parts)


def prepare_clip(seg: model.Segment, pcm: bytes, pacing: Pacing) -> bytes:
    """A segment's clip ready to join: trimmed, level-matched, sentence pauses set."""
    pcm = trim(pcm)
    if not pcm:
        return b""
    pcm = loudness.match_level(pcm, SAMPLE_RATE)
    if seg.kind in (model.NARRATION, model.NOTE):
        pcm = lengthen_sentence_pauses(pcm, seg.text, pacing.sentence)
    return pcm
