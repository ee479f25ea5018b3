"""Worker processes: each owns one pyttsx3 engine and synthesizes segments into the cache.

Workers are spawned (never forked: pyttsx3's espeak driver cannot be shared),
ignore Ctrl-C (the parent decides when to stop them: on its SIGTERM a worker removes
the cache entry it is writing and exits at once) and hand back only keys
and sizes; the audio travels through the segment cache, not through pipes.
"""
from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import files
from .cache import SegmentCache
from .engine import get_engine
from ..errors import SynthesisError


@dataclass(frozen=True)
class Task:
    """One distinct thing to say: the cache key, the voice and the text the engine speaks."""

    key: str
    voice: object  # voices.Voice
    text: str


@dataclass(frozen=True)
class Outcome:
    """What became of a Task: the PCM's size in bytes, or why it failed."""

    key: str
    size: int = 0
    error: str | None = None
    unknown_voice: bool = False


_state: dict = {}


def init(cache_root: str, engine: str | None = None) -> None:
    """Worker initializer: ignore Ctrl-C, open the cache, start this process's engine (``engine``:
    a spec for ``engine.get_engine``; None: the default one)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)
    # Workers print nothing: pyttsx3's "Audio saved to ..." must never reach the user's terminal.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(devnull, "w", closefd=False)
    _state["cache"] = SegmentCache(Path(cache_root))
    _state["engine"] = get_engine(engine)


def _terminated(signum, frame) -> None:
    """SIGTERM, the build stopping its workers: remove the cache entry being written (a killed
    worker left its ``.part`` behind), then exit at once."""
    files.remove_temps()
    os._exit(128 + signum)


def synthesize(tasks: list[Task]) -> list[Outcome]:
    """Synthesize ``tasks`` into the cache, in order; a failure is reported, not raised."""
    return _synthesize(tasks, _state["engine"], _state["cache"])


def synthesize_here(tasks: list[Task], cache: SegmentCache, engine: str | None = None) -> list[Outcome]:
    """``synthesize`` in this process, with its own engine: for a few lines, cheaper than starting workers."""
    return _synthesize(tasks, get_engine(engine), cache)


def _synthesize(tasks: list[Task], engine, cache: SegmentCache) -> list[Outcome]:
    out = []
    for t in tasks:
        if not engine.has_voice(t.voice.id):
            out.append(Outcome(t.key, error=f"voice '{t.voice.id}' is not one of the engine's voices",
                               unknown_voice=True))
            continue
        try:
            pcm = engine.synthesize(t.text, t.voice)  # pyttsx3: save_to_file + runAndWait
        except SynthesisError as exc:
            out.append(Outcome(t.key, error=str(exc)))
            continue
        try:
            cache.put(t.key, pcm)
        except OSError as exc:  # a full or read-only disk: said in one line by the build
            out.append(Outcome(t.key, error=f"cannot write to the cache {cache.root} ({exc.strerror or exc})"))
            continue
        out.append(Outcome(t.key, len(pcm)))
    return out
