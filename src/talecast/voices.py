"""The voice config: load, validate, and give every segment a Voice."""
from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import model, render
from .errors import ConfigError

RANGES = {"rate": (80, 450), "pitch": (0, 100), "volume": (0.0, 1.0)}
VOICE_KEYS = {"voice": str, "rate": (int, float), "pitch": (int, float), "volume": (int, float)}
CHARACTER_KEYS = {**VOICE_KEYS, "aliases": list, "gender": str, "skip": bool}
DEFAULTS_KEYS = {"female": list, "male": list, "unknown": list, "rate": (int, float),
                 "pitch": (int, float), "volume": (int, float)}
TOP_KEYS = {"narrator": dict, "defaults": dict, "characters": dict, "pacing": dict, "styles": dict}
# [styles.thought] / [styles.stress]: changes added to the speaker's own settings for segments
# with that style (Markdown emphasis), e.g. thoughts a little lower and slower.
STYLE_NAMES = ("thought", "stress")
STYLE_KEYS = {"pitch": (int, float), "rate": (int, float), "volume": (int, float)}
DEFAULT_STYLES = {"thought": {"pitch": -10, "rate": -10}, "stress": {"pitch": 8}}
GENDERS = ("female", "male", "unknown")


@dataclass(frozen=True)
class Voice:
    """Everything the engine needs to speak a segment one way."""

    id: str
    rate: int = 170
    pitch: int = 50
    volume: float = 1.0


@dataclass(frozen=True)
class CharacterEntry:
    name: str
    aliases: tuple[str, ...] = ()
    gender: str = "unknown"
    voice: Voice | None = None
    narrator: bool = False
    skip: bool = False


@dataclass
class VoiceConfig:
    path: str
    narrator: Voice
    pools: dict[str, list[str]]
    default_settings: dict
    characters: dict[str, CharacterEntry] = field(default_factory=dict)
    pacing: "render.Pacing" = None  # set in __post_init__
    styles: dict[str, dict] = field(default_factory=lambda: dict(DEFAULT_STYLES))

    def __post_init__(self):
        if self.pacing is None:
            self.pacing = render.Pacing()

    def character(self, name: str | None) -> CharacterEntry | None:
        if name is None:
            return None
        if name in self.characters:
            return self.characters[name]
        low = name.lower()
        for c in self.characters.values():
            if low == c.name.lower() or low in (a.lower() for a in c.aliases):
                return c
        return None


def default_path() -> Path:
    return Path(str(resources.files("talecast") / "data" / "default.toml"))


def load(path: str | Path | None = None) -> VoiceConfig:
    """Load a voice config; the built-in default when ``path`` is None."""
    path = Path(path) if path else default_path()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read voice config ({exc.strerror or exc})") from None
    text = raw.decode("utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return _build(str(path), text, data)


def _line(text: str, key: str, table: str | None = None) -> int:
    """Best line number for ``key`` (inside ``[table]`` when given)."""
    lines = text.splitlines()
    start = 0
    if table:
        pat = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(p).replace(r"\"", '"?') for p in table.split(".")) + r"\s*\]")
        for i, line in enumerate(lines):
            if pat.match(line.replace('"', "")) or pat.match(line):
                start = i
                break
    for i in range(start, len(lines)):
        if re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", lines[i]):
            return i + 1
    return start + 1


def _check(path, text, table, data, allowed):
    for key, value in data.items():
        if key not in allowed:
            near = difflib.get_close_matches(key, list(allowed), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else f" (valid: {', '.join(sorted(allowed))})"
            raise ConfigError(f"{path}:{_line(text, key, table)}: unknown key '{key}' in [{table}]{hint}")
        want = allowed[key]
        if not isinstance(value, want) or (isinstance(value, bool) and want is not bool):
            kind = want.__name__ if isinstance(want, type) else "number"
            raise ConfigError(f"{path}:{_line(text, key, table)}: '{key}' in [{table}] must be a {kind}")
        if key in RANGES:
            lo, hi = RANGES[key]
            if not lo <= value <= hi:
                raise ConfigError(f"{path}:{_line(text, key, table)}: '{key}' = {value} is out of range ({lo} to {hi})")
        if key == "gender" and value not in GENDERS:
            raise ConfigError(f"{path}:{_line(text, key, table)}: gender must be one of {', '.join(GENDERS)}")


def _voice(d: dict, base: Voice) -> Voice:
    return Voice(d.get("voice", base.id), int(d.get("rate", base.rate)), int(d.get("pitch", base.pitch)),
                 float(d.get("volume", base.volume)))


def _build(path: str, text: str, data: dict) -> VoiceConfig:
    for key, value in data.items():
        if key not in TOP_KEYS:
            near = difflib.get_close_matches(key, list(TOP_KEYS), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise ConfigError(f"{path}:{_line(text, key) if '=' in text else 1}: unknown table '{key}'{hint}")
        if not isinstance(value, dict):
            raise ConfigError(f"{path}:{_line(text, key)}: '{key}' must be a table")
    narrator_d = data.get("narrator", {})
    _check(path, text, "narrator", narrator_d, VOICE_KEYS)
    narrator = _voice(narrator_d, Voice("gmw/en-us"))
    defaults = data.get("defaults", {})
    _check(path, text, "defaults", defaults, DEFAULTS_KEYS)
    pools = {g: [str(v) for v in defaults.get(g, [])] for g in GENDERS}
    settings = {k: defaults[k] for k in ("rate", "pitch", "volume") if k in defaults}
    chars = {}
    for name, entry in data.get("characters", {}).items():
        table = f"characters.{name}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}:{_line(text, name)}: [characters.{name}] must be a table")
        _check(path, text, table, entry, CHARACTER_KEYS)
        voice = None
        is_narrator = entry.get("voice") == "narrator"
        if "voice" in entry and not is_narrator or any(k in entry for k in ("rate", "pitch", "volume")):
            base = Voice(entry.get("voice", "") if not is_narrator else narrator.id,
                         int(settings.get("rate", 170)), int(settings.get("pitch", 50)),
                         float(settings.get("volume", 1.0)))
            voice = _voice({k: v for k, v in entry.items() if k != "voice"}, base)
        chars[name] = CharacterEntry(name, tuple(str(a) for a in entry.get("aliases", [])),
                                     entry.get("gender", "unknown"), voice, is_narrator, bool(entry.get("skip", False)))
    pacing_d = data.get("pacing", {})
    fields = {f.name: (int, float) for f in dataclasses.fields(render.Pacing)}
    _check(path, text, "pacing", pacing_d, fields)
    pacing = render.Pacing(**{k: int(v) for k, v in pacing_d.items()})
    return VoiceConfig(path, narrator, pools, settings, chars, pacing, _styles(path, text, data.get("styles", {})))


def _styles(path: str, text: str, data: dict) -> dict[str, dict]:
    """The [styles.<name>] tables over the built-in ones; values are signed changes."""
    styles = {k: dict(v) for k, v in DEFAULT_STYLES.items()}
    for name, table in data.items():
        if name not in STYLE_NAMES or not isinstance(table, dict):
            raise ConfigError(f"{path}:{_line(text, name)}: [styles.{name}] must be one of "
                              f"{', '.join(f'[styles.{n}]' for n in STYLE_NAMES)}")
        for key, value in table.items():
            if key not in STYLE_KEYS or isinstance(value, bool) or not isinstance(value, STYLE_KEYS[key]):
                raise ConfigError(f"{path}:{_line(text, key, f'styles.{name}')}: [styles.{name}] takes numbers "
                                  f"for {', '.join(STYLE_KEYS)} (changes to the speaker's settings), not '{key}'")
        styles[name] = dict(table)
    return styles


def styled(voice: Voice, change: dict | None) -> Voice:
    """``voice`` with a style's changes added, each kept within its valid range."""
    if not change:
        return voice
    lo, hi = RANGES["rate"]
    rate = int(min(hi, max(lo, voice.rate + change.get("rate", 0))))
    lo, hi = RANGES["pitch"]
    pitch = int(min(hi, max(lo, voice.pitch + change.get("pitch", 0))))
    volume = float(min(1.0, max(0.0, voice.volume + change.get("volume", 0))))
    return dataclasses.replace(voice, rate=rate, pitch=pitch, volume=volume)


class Caster:
    """Gives each segment its Voice: narrator, a character's own, or one from the pools."""

    def __init__(self, config: VoiceConfig, genders: dict[str, str] | None = None):
        self.config = config
        self.genders = genders or {}
        self.assigned: dict[str, Voice] = {}
        self._next = {g: 0 for g in GENDERS}

    def _default(self, name: str, gender: str) -> Voice:
        if name not in self.assigned:
            pool = self.config.pools.get(gender) or self.config.pools.get("unknown") or [self.config.narrator.id]
            taken = {v.id for v in self.assigned.values()} | {
                c.voice.id for c in self.config.characters.values() if c.voice}
            free = [v for v in pool if v not in taken]
            vid = free[0] if free else pool[self._next[gender] % len(pool)]
            self._next[gender] += 1
            s = self.config.default_settings
            self.assigned[name] = Voice(vid, int(s.get("rate", self.config.narrator.rate)),
                                        int(s.get("pitch", 50)), float(s.get("volume", 1.0)))
        return self.assigned[name]

    def voice_for(self, seg: model.Segment) -> Voice | None:
        """The segment's voice (changed by its style, if any), or None when it is not spoken."""
        voice = self._voice_for(seg)
        return styled(voice, self.config.styles.get(seg.style)) if voice and seg.style else voice

    def _voice_for(self, seg: model.Segment) -> Voice | None:
        if seg.kind == model.BREAK:
            return None
        if seg.kind != model.DIALOGUE:
            return self.config.narrator
        entry = self.config.character(seg.speaker)
        if entry:
            if entry.skip:
                return None
            if entry.narrator:
                return entry.voice or self.config.narrator
            if entry.voice and entry.voice.id:
                return entry.voice
            gender = entry.gender if entry.gender != "unknown" else self.genders.get(entry.name, "unknown")
            return self._default(entry.name, gender)
        if seg.speaker is None:
            return self._default("\0unknown speaker", "unknown")
        return self._default(seg.speaker, self.genders.get(seg.speaker, "unknown"))
