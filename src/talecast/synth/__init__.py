"""The stage "synth": text and a voice in, speech (16-bit mono PCM at ``engine.SAMPLE_RATE``) out.

``synthesize(text, voice)`` is the stage in one call. ``engine`` wraps pyttsx3
on espeak-ng (its voices and variants, one engine of each kind per process;
another engine, such as a test's fake one, is named by a ``"module:Class"``
spec); ``speech`` says what the engine hears where it differs from the page
(Roman numerals in headings, the config's ``[pronounce]``); ``cache`` keeps
every clip, keyed by engine, voice and text; ``workers`` synthesizes batches
of segments in worker processes.
"""
from __future__ import annotations


def synthesize(text: str, voice, engine: str | None = None) -> bytes:
    """PCM for ``text`` spoken by ``voice`` (a ``voices.Voice``), by the engine ``engine`` names
    (see ``engine.get_engine``; None: the default one)."""
    from .engine import get_engine

    return get_engine(engine).synthesize(text, voice)
