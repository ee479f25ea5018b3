"""Worker processes: each owns one pyttsx3 engine and synthesizes segments into the cache.

Workers are spawned (never forked: pyttsx3's espeak driver cannot be shared),
ignore Ctrl-C (the parent decides when to stop them) and hand back only keys
and sizes; the audio travels through the segment cache, not through pipes.
"""
from __future__ import annotations

import ctypes
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from .cache import SegmentCache
from .engine import SAMPLE_WIDTH, get_engine
from .errors import SynthesisError


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


class Synthesizer:
    """Speaks through pyttsx3's espeak driver and collects the PCM from espeak's callback.

    pyttsx3 sets up espeak, and its espeak driver sets every voice property
    before each segment; the samples are then taken straight from the callback
    of pyttsx3's own ``_espeak`` binding. pyttsx3's ``runAndWait`` loop would add a 10 ms sleep per poll, a
    WAV round trip and a ``bytes +=`` per chunk (quadratic in segment length).
    Once this is in use, the process's engine must not be driven by ``runAndWait``.
    """

    def __init__(self, engine=None, timeout: float = 120.0):
        self.engine = engine or get_engine()  # bootstraps espeak-ng before pyttsx3 loads it
        from pyttsx3.drivers import _espeak
        from pyttsx3.drivers.espeak import EspeakDriver

        self._espeak = _espeak
        self._driver = EspeakDriver
        self._chunks: list[bytes] = []
        self._done = threading.Event()
        self._timeout = timeout
        _espeak.SetSynthCallback(self._on_synth)

    def _on_synth(self, wav, numsamples, events) -> int:
        if numsamples > 0:
            self._chunks.append(ctypes.string_at(wav, numsamples * SAMPLE_WIDTH))
        i = 0
        while events[i].type != self._espeak.EVENT_LIST_TERMINATED:
            if events[i].type == self._espeak.EVENT_MSG_TERMINATED:
                self._done.set()
            i += 1
        return 0

    def _use_voice(self, voice) -> None:
        try:
            self._driver.setProperty("voice", voice.id)
            self._driver.setProperty("rate", voice.rate)
            self._driver.setProperty("pitch", voice.pitch)
            self._driver.setProperty("volume", voice.volume)
        except (ValueError, KeyError) as exc:
            raise SynthesisError(f"voice '{voice.id}' is not available: {exc}") from None

    def __call__(self, text: str, voice) -> bytes:
        """16-bit mono PCM of ``text`` in ``voice``; retried once if the engine returns nothing."""
        for _attempt in (1, 2):
            self._use_voice(voice)
            self._chunks.clear()
            self._done.clear()
            self._espeak.Synth(text.encode("utf-8"), flags=self._espeak.ENDPAUSE | self._espeak.CHARS_UTF8)
            # Not espeak_Synchronize: it polls with 20 ms sleeps. The end-of-message event is immediate.
            finished = self._done.wait(self._timeout)
            pcm = b"".join(self._chunks)
            if finished and pcm:
                return pcm
        raise SynthesisError("the engine produced no audio")


_state: dict = {}


def init(cache_root: str) -> None:
    """Worker initializer: ignore Ctrl-C, open the cache, start this process's engine."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _state["cache"] = SegmentCache(Path(cache_root))
    _state["synth"] = Synthesizer()


def synthesize(tasks: list[Task]) -> list[Outcome]:
    """Synthesize ``tasks`` into the cache, in order; a failure is reported, not raised."""
    synth: Synthesizer = _state["synth"]
    cache: SegmentCache = _state["cache"]
    out = []
    for t in tasks:
        if not synth.engine.has_voice(t.voice.id):
            out.append(Outcome(t.key, error=f"voice '{t.voice.id}' is not one of the engine's voices",
                               unknown_voice=True))
            continue
        try:
            pcm = synth(t.text, t.voice)
        except SynthesisError as exc:
            out.append(Outcome(t.key, error=str(exc)))
            continue
        cache.put(t.key, pcm)
        out.append(Outcome(t.key, len(pcm)))
    return out
