"""Captions: a chapter's text, timed to its audio, as WebVTT and LRC.

One cue per spoken segment, timed from the real clip durations; dialogue cues
carry the speaker's name (a WebVTT voice span ``<v Name>``, ``Name: `` in LRC).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import files


@dataclass(frozen=True)
class Cue:
    """One segment's text on screen from ``start`` to ``end`` (seconds into the file)."""

    start: float
    end: float
    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class CaptionInfo:
    """What a caption file says about its audio besides the cues."""

    title: str = ""
    album: str = ""
    artist: str | None = None
    duration: float = 0.0


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _vtt_time(t: float) -> str:
    ms = round(max(t, 0.0) * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _lrc_time(t: float) -> str:
    cs = round(max(t, 0.0) * 100)
    m, cs = divmod(cs, 6000)
    s, cs = divmod(cs, 100)
    return f"{m:02d}:{s:02d}.{cs:02d}"


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt(cues: list[Cue], info: CaptionInfo = CaptionInfo()) -> str:
    """The cues as a WebVTT document."""
    head = "WEBVTT"
    if info.title:
        head += f" - {_one_line(info.title).replace('-->', '->')}"
    blocks = [head]
    for n, cue in enumerate(cues, 1):
        text = _vtt_escape(_one_line(cue.text))
        if cue.speaker:
            name = _vtt_escape(_one_line(cue.speaker))
            text = f"<v {name}>{text}</v>"
        blocks.append(f"{n}\n{_vtt_time(cue.start)} --> {_vtt_time(cue.end)}\n{text}")
    return "\n\n".join(blocks) + "\n"


def lrc(cues: list[Cue], info: CaptionInfo = CaptionInfo()) -> str:
    """The cues as LRC (synchronized lyrics): a ``[mm:ss.xx]`` line a cue, and an empty one where it ends."""
    lines = []
    for tag, value in (("ti", info.title), ("al", info.album), ("ar", info.artist)):
        if value:
            lines.append(f"[{tag}:{_one_line(value)}]")
    if info.duration:
        m, s = divmod(round(info.duration), 60)
        lines.append(f"[length:{m:02d}:{s:02d}]")
    lines.append("[re:talecast]")
    for cue in cues:
        text = _one_line(cue.text)
        if cue.speaker:
            text = f"{_one_line(cue.speaker)}: {text}"
        lines.append(f"[{_lrc_time(cue.start)}]{text}")
        lines.append(f"[{_lrc_time(cue.end)}]")  # clears the line during the pause
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[list[Cue], CaptionInfo], str]] = {"vtt": vtt, "lrc": lrc}


def write(path: Path, fmt: str, cues: list[Cue], info: CaptionInfo = CaptionInfo()) -> Path:
    """Write ``cues`` as ``fmt`` (a key of ``WRITERS``) to ``path``, atomically."""
    path = Path(path)
    files.write_atomic(path, WRITERS[fmt](cues, info))  # beside it, fsynced, renamed; nothing left on failure
    return path
