"""A fake speech engine for tests where the sound is not the subject.

Set ``TALECAST_ENGINE=fake_engine:ToneEngine`` (workers inherit it): every piece
of text becomes a 440 Hz tone of ``MS_PER_CHAR`` milliseconds a character, made
at once, so a build's length is known in advance and its speed is the build's
own. The longest piece it was ever given is recorded in ``$FAKE_ENGINE_LOG``.
"""
from __future__ import annotations

import math
import os

from talecast.synth.engine import SAMPLE_RATE, BaseEngine

MS_PER_CHAR = 10
_PERIOD = [int(8000 * math.sin(2 * math.pi * 441 * i / SAMPLE_RATE)) for i in range(50)]  # 441 Hz: 50 samples
_CYCLE = b"".join(v.to_bytes(2, "little", signed=True) for v in _PERIOD)


def tone(ms: int) -> bytes:
    n = SAMPLE_RATE * ms // 1000
    return (_CYCLE * (n // 50 + 1))[: 2 * n]


class ToneEngine(BaseEngine):
    def __init__(self):
        self._real = None
        self.delay = float(os.environ.get("FAKE_ENGINE_DELAY") or 0)  # seconds a piece: a slow engine

    def voices(self):  # the real engine's list, so voice configs validate as they would
        if self._real is None:
            from talecast.synth.engine import Engine

            self._real = Engine()
        return self._real.voices()

    def has_voice(self, voice_id: str) -> bool:
        return True

    def speak(self, text: str, voice) -> bytes:
        log = os.environ.get("FAKE_ENGINE_LOG")
        if log:
            with open(log, "a") as f:
                f.write(f"{len(text)}\n")
        if self.delay:
            import time

            time.sleep(self.delay)
        return tone(MS_PER_CHAR * len(text))


class VoiceToneEngine(ToneEngine):
    """``ToneEngine`` whose tone tells the voice (its period follows the voice's pitch): a
    correction or a voice change is heard, and can be found in the audio by its frequency."""

    def speak(self, text: str, voice) -> bytes:
        super().speak(text, voice)  # the log, the delay
        return voice_tone(MS_PER_CHAR * len(text), period(voice))


def period(voice) -> int:
    """Samples per cycle of ``voice``'s tone: 80 at pitch 0 to 20 at pitch 100 (280 to 1,100 Hz)."""
    return 80 - round(voice.pitch * 0.6)


def voice_tone(ms: int, samples: int) -> bytes:
    n = SAMPLE_RATE * ms // 1000
    cycle = b"".join(int(8000 * math.sin(2 * math.pi * i / samples)).to_bytes(2, "little", signed=True)
                     for i in range(samples))
    return (cycle * (n // samples + 1))[: 2 * n]
