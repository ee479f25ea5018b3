"""The stage "voices": a voice config file in, a ``VoiceConfig`` out; and a Voice for every segment.

``load(path)`` reads a TOML voice config, checks every key, type, range and
voice id against the engine (naming the file and line of the first problem)
and returns a ``VoiceConfig``. ``Caster(config).voice_for(segment)`` gives each
segment its ``Voice``; ``Caster.plan(script)`` first hands default voices to the
characters that have none, stably and without two speakers of one chapter
sharing a voice while the pool has others. ``VoiceConfig.pronounce(text)``
respells words for the engine (never for captions or tags).

``schema`` holds the config's shape, ``keylines`` finds the line of each key,
``loading`` checks and builds the config, ``catalog`` knows the engine's
voices, ``casting`` hands out voices (``Caster``) and ``castfile`` writes the
cast file ``talecast cast`` proposes; ``corrections`` reads the ``[[lines]]`` corrections,
applies them to a Script and writes one (``add_correction``).
"""
from __future__ import annotations

from .casting import Caster, pick_voice, styled
from .corrections import Correction, add_correction
from .catalog import Catalog, voice_table
from .keylines import KeyLines
from .loading import default_path, load
from .schema import GENDERS, NARRATOR, RANGES, UNKNOWN_SPEAKER, CharacterEntry, Voice, VoiceConfig

__all__ = ["load", "add_correction", "Correction", "default_path", "Caster", "pick_voice", "styled", "Catalog", "voice_table", "KeyLines",
           "Voice", "VoiceConfig", "CharacterEntry", "GENDERS", "NARRATOR", "RANGES", "UNKNOWN_SPEAKER"]
