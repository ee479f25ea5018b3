"""The voice config's shape: its keys and ranges, ``Voice``, ``CharacterEntry`` and ``VoiceConfig``."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .. import model
from ..synth.speech import Pronouncer

RANGES = {"rate": (80, 450), "pitch": (0, 100), "volume": (0.0, 1.0)}
GENDERS = ("female", "male", "unknown")
NARRATOR = "narrator"  # `voice = "narrator"`: the character is read by the narrator
UNKNOWN_SPEAKER = "\0unknown speaker"  # key for dialogue nobody could attribute

_NUMBER = (int, float)
_VOICE = "voice"  # marker: an engine id (string) or a description (table)
VOICE_KEYS = {"voice": _VOICE, "rate": _NUMBER, "pitch": _NUMBER, "volume": _NUMBER}
CHARACTER_KEYS = {**VOICE_KEYS, "aliases": list, "gender": str, "skip": bool}
DEFAULTS_KEYS = {"female": list, "male": list, "unknown": list, "rate": _NUMBER, "pitch": _NUMBER,
                 "volume": _NUMBER, "unsure": _VOICE}
DESCRIPTION_KEYS = {"language": str, "gender": str, "variant": int}
TOP_KEYS = {"narrator": dict, "defaults": dict, "characters": dict, "pronounce": dict,
            "pacing": dict, "styles": dict, "lines": list}
# [styles.thought] / [styles.stress]: changes added to the speaker's own settings for segments
# with that style (Markdown emphasis), e.g. thoughts a little lower and slower.
STYLE_KEYS = {"pitch": _NUMBER, "rate": _NUMBER, "volume": _NUMBER}
DEFAULT_STYLES = {"thought": {"pitch": -10, "rate": -10}, "stress": {"pitch": 8}}
PACING_RANGE = (0, 60000)


@dataclass(frozen=True)
class Voice:
    """Everything the engine needs to speak a segment one way."""

    id: str
    rate: int = 170
    pitch: int = 50
    volume: float = 1.0


@dataclass(frozen=True)
class CharacterEntry:
    """One ``[characters.NAME]`` table."""

    name: str
    aliases: tuple[str, ...] = ()
    gender: str = "unknown"
    voice: Voice | None = None      # their own voice (or the narrator's, when narrator is set)
    narrator: bool = False          # `voice = "narrator"`
    skip: bool = False              # `skip = true`: their lines are not spoken
    rate: int | None = None         # settings that apply on top of a default voice
    pitch: int | None = None
    volume: float | None = None


@dataclass
class VoiceConfig:
    """A loaded, validated voice config; every voice id in it exists in the engine."""

    path: str
    narrator: Voice
    pools: dict[str, list[str]]
    default_settings: dict
    characters: dict[str, CharacterEntry] = field(default_factory=dict)
    pacing: "model.Pacing" = None  # set in __post_init__
    pronunciations: dict[str, str] = field(default_factory=dict)
    styles: dict[str, dict] = field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_STYLES.items()})
    corrections: tuple = ()         # [[lines]]: corrections.Correction, in file order
    unsure: Voice | None = None     # [defaults] unsure: who reads quotes of no known speaker (None: chosen)

    def __post_init__(self):
        if self.pacing is None:
            self.pacing = model.Pacing()

    def character(self, name: str | None) -> CharacterEntry | None:
        """The entry for ``name`` (its canonical name or an alias, any case)."""
        if name is None:
            return None
        if name in self.characters:
            return self.characters[name]
        low = name.lower()
        for c in self.characters.values():
            if low == c.name.lower() or low in (a.lower() for a in c.aliases):
                return c
        return None

    @cached_property
    def _pronouncer(self) -> "Pronouncer":
        return Pronouncer(self.pronunciations)

    def pronounce(self, text: str) -> str:
        """``text`` as the engine should be given it, after the ``[pronounce]`` table."""
        return self._pronouncer(text) if self.pronunciations else text
