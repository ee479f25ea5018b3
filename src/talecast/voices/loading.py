"""Loading a voice config: read the TOML, check every key, type, range and voice id, build a VoiceConfig."""
from __future__ import annotations

import dataclasses
import difflib
import json
import re
import tomllib
from importlib import resources
from pathlib import Path

from .. import model
from ..errors import ConfigError
from . import corrections
from .catalog import Catalog
from .keylines import _BARE, KeyLines
from .schema import (_NUMBER, _VOICE, CHARACTER_KEYS, DEFAULT_STYLES, DEFAULTS_KEYS, DESCRIPTION_KEYS, GENDERS,
                     NARRATOR, PACING_RANGE, RANGES, STYLE_KEYS, TOP_KEYS, VOICE_KEYS, CharacterEntry, Voice,
                     VoiceConfig)

# --------------------------------------------------------------------------- loading

def default_path() -> Path:
    """The built-in config (a copy of voices/default.toml shipped in the package)."""
    return Path(str(resources.files("talecast") / "data" / "default.toml"))


def load(path: str | Path | None = None, catalog: Catalog | None = None, lines: bool = True) -> VoiceConfig:
    """Load and validate a voice config; the built-in default when ``path`` is None.
    ``lines=False`` leaves its ``[[lines]]`` corrections out (``talecast cast`` reads the config
    before adding the characters a correction may name).

    Raises ConfigError ("FILE:LINE: what is wrong and what would be valid") on
    the first problem. Voice ids are checked against ``catalog`` (default: the
    engine's own voices), so nothing is synthesized from a bad config.
    """
    path = Path(path) if path else default_path()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read voice config ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text (TOML files must be UTF-8)") from None
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once a level: thousands of nested tables or arrays
        raise ConfigError(f"{path}: nested too deeply to be a voice config") from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", msg)
        if m:
            msg = f"{m.group(1)}: TOML syntax: {msg[:m.start()]} (column {m.group(2)})"
        else:
            m = re.search(r"\s*\(at end of document\)$", msg)
            msg = f"{text.count(chr(10)) + 1}: TOML syntax: {msg[:m.start()] if m else msg} (at the end)"
        raise ConfigError(f"{path}:{msg}") from None
    if not lines:
        data.pop("lines", None)
    return _Loader(str(path), text, catalog).build(data)


def _table_name(path: tuple) -> str:
    parts = [p if re.fullmatch(_BARE, str(p)) else json.dumps(p, ensure_ascii=False) for p in path]
    return "[" + ".".join(parts) + "]"


_TYPE_NAMES = {_NUMBER: "a number", str: "a string", list: "a list", dict: "a table", bool: "true or false",
               int: "a whole number", _VOICE: "a voice id (a string) or a description like "
                                              "{ language = \"en-us\", gender = \"female\", variant = 3 }"}


def _kind(value) -> str:
    return {bool: "true/false", str: "a string", int: "a number", float: "a number", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


class _Loader:
    def __init__(self, path: str, text: str, catalog: Catalog | None):
        self.path = path
        self.keys = KeyLines(text)
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog.from_engine()
        return self._catalog

    def error(self, where: tuple, message: str) -> ConfigError:
        return ConfigError(f"{self.path}:{self.keys.line(where)}: {message}")

    def check(self, table: tuple, data: dict, allowed: dict) -> None:
        """Unknown keys, types and ranges of one table."""
        for key, value in data.items():
            where = table + (key,)
            if key not in allowed:
                near = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.5)
                hint = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(allowed)}"
                place = f"in {_table_name(table)}" if table else "at the top level"
                raise self.error(where, f"unknown key '{key}' {place} ({hint})")
            want = allowed[key]
            if want == _VOICE:
                ok = isinstance(value, (str, dict))
            elif want is int:
                ok = isinstance(value, int) and not isinstance(value, bool)
            else:
                ok = isinstance(value, want) and (want is bool or not isinstance(value, bool))
            if not ok:
                raise self.error(where, f"'{key}' in {_table_name(table)} must be {_TYPE_NAMES[want]}, "
                                        f"not {_kind(value)}")
            if key in RANGES:
                lo, hi = RANGES[key]
                if not lo <= value <= hi:
                    raise self.error(where, f"{key} = {value} in {_table_name(table)} is out of range "
                                            f"({lo} to {hi})")

    def voice_id(self, where: tuple, spec, allow_narrator: bool = False) -> str:
        """The engine id ``spec`` (an id or a description table) names; checked."""
        if isinstance(spec, str):
            if allow_narrator and spec == NARRATOR:
                return spec
            problem = self.catalog.problem(spec)
            if problem:
                raise self.error(where, problem)
            return spec
        if not isinstance(spec, dict):
            raise self.error(where, f"a voice must be {_TYPE_NAMES[_VOICE]}, not {_kind(spec)}")
        self.check(where, spec, DESCRIPTION_KEYS)
        if "language" not in spec:
            raise self.error(where, "a voice description needs a language, e.g. language = \"en-us\"")
        gender = spec.get("gender")
        if gender is not None and gender not in ("female", "male"):
            raise self.error(where + ("gender",), f"gender = \"{gender}\": use \"female\" or \"male\"")
        variant = spec.get("variant")
        if variant is not None and variant < 1:
            raise self.error(where + ("variant",), f"variant = {variant}: variants count from 1")
        try:
            return self.catalog.resolve(spec["language"], gender, variant)
        except ValueError as exc:
            raise self.error(where, str(exc)) from None

    def build(self, data: dict) -> VoiceConfig:
        self.check((), data, TOP_KEYS)
        narrator_d = data.get("narrator", {})
        self.check(("narrator",), narrator_d, VOICE_KEYS)
        narrator_id = self.voice_id(("narrator", "voice"), narrator_d.get("voice", {"language": "en-us"}))
        narrator = _with(Voice(narrator_id), narrator_d)

        defaults = data.get("defaults", {})
        self.check(("defaults",), defaults, DEFAULTS_KEYS)
        pools, builtin = {}, None
        for g in GENDERS:
            if g not in defaults and Path(self.path) != default_path():  # a list left out: the built-in one
                builtin = builtin or load(None, self._catalog)
                pools[g] = builtin.pools[g]
                continue
            ids = [self.voice_id(("defaults", g, i), spec) for i, spec in enumerate(defaults[g])]
            pools[g] = list(dict.fromkeys(ids))
        settings = {k: defaults.get(k, getattr(narrator, k)) for k in ("rate", "pitch", "volume")}

        chars = {}
        for name, entry in data.get("characters", {}).items():
            table = ("characters", name)
            if not isinstance(entry, dict):
                raise self.error(table, f"{_table_name(table)} must be a table, not {_kind(entry)}")
            self.check(table, entry, CHARACTER_KEYS)
            chars[name] = self.character(name, table, entry, narrator, settings)
        self.check_names(chars)

        pron = data.get("pronounce", {})
        for word, spoken in pron.items():
            if not isinstance(spoken, str):
                raise self.error(("pronounce", word), f"[pronounce] {word} must be a string (how to spell it "
                                                      f"for the engine), not {_kind(spoken)}")
            if not word.strip() or not spoken.strip():
                raise self.error(("pronounce", word), "[pronounce] words and spellings must not be empty")

        pacing_d = data.get("pacing", {})
        self.check(("pacing",), pacing_d, {f.name: _NUMBER for f in dataclasses.fields(model.Pacing)})
        for key, value in pacing_d.items():
            if not PACING_RANGE[0] <= value <= PACING_RANGE[1]:
                raise self.error(("pacing", key), f"{key} = {value} in [pacing] is out of range "
                                                  f"({PACING_RANGE[0]} to {PACING_RANGE[1]} ms)")
        pacing = model.Pacing(**{k: int(v) for k, v in pacing_d.items()})

        styles = {k: dict(v) for k, v in DEFAULT_STYLES.items()}
        for name, table in data.get("styles", {}).items():
            if name not in DEFAULT_STYLES or not isinstance(table, dict):
                raise self.error(("styles", name), f"[styles.{name}] must be one of "
                                                   f"{', '.join(f'[styles.{n}]' for n in DEFAULT_STYLES)}")
            for key, value in table.items():
                if key not in STYLE_KEYS or isinstance(value, bool) or not isinstance(value, _NUMBER):
                    raise self.error(("styles", name, key), f"[styles.{name}] takes numbers for "
                                     f"{', '.join(STYLE_KEYS)} (changes to the speaker's settings), not '{key}'")
            styles[name] = dict(table)
        unsure = None
        if "unsure" in defaults:
            vid = self.voice_id(("defaults", "unsure"), defaults["unsure"], allow_narrator=True)
            unsure = narrator if vid == NARRATOR else _with(Voice(vid), settings)

        def line_of(i, key=None):
            return self.keys.line(("lines",) + ((i,) if i is not None else ()) + ((key,) if key else ()))

        def resolve_speaker(name):
            low = name.strip().lower()
            for c in chars.values():
                if low in (n.lower() for n in (c.name, *c.aliases)):
                    return c.name
            return None
        resolve_speaker.names = [n for c in chars.values() for n in (c.name, *c.aliases)]
        fixes = corrections.parse(data.get("lines", []), self.path, line_of, resolve_speaker)
        return VoiceConfig(self.path, narrator, pools, settings, chars, pacing, dict(pron), styles, fixes, unsure)

    def check_names(self, chars: dict[str, CharacterEntry]) -> None:
        """No name or alias may stand for two characters."""
        owner: dict[str, str] = {}
        for c in chars.values():
            for i, n in enumerate((c.name, *c.aliases)):
                other = owner.setdefault(n.lower(), c.name)
                if other != c.name:
                    where = ("characters", c.name) + (("aliases", i - 1) if i else ())
                    raise self.error(where, f"'{n}' names both {other} and {c.name}: "
                                            "give each name to one character")

    def character(self, name: str, table: tuple, entry: dict, narrator: Voice, settings: dict) -> CharacterEntry:
        aliases = entry.get("aliases", [])
        for i, alias in enumerate(aliases):
            if not isinstance(alias, str) or not alias.strip():
                raise self.error(table + ("aliases", i), f"aliases of {name} must be names (strings), "
                                                         f"not {_kind(alias)}")
        gender = entry.get("gender", "unknown")
        if gender not in GENDERS:
            raise self.error(table + ("gender",), f"gender = \"{gender}\": use one of {', '.join(GENDERS)}")
        own = {k: entry[k] for k in ("rate", "pitch", "volume") if k in entry}
        voice, is_narrator = None, False
        if "voice" in entry:
            vid = self.voice_id(table + ("voice",), entry["voice"], allow_narrator=True)
            is_narrator = vid == NARRATOR
            voice = _with(narrator, own) if is_narrator else _with(Voice(vid), {**settings, **own})
        return CharacterEntry(name, tuple(aliases), gender, voice, is_narrator, bool(entry.get("skip", False)),
                              *(own.get(k) for k in ("rate", "pitch", "volume")))


def _with(voice: Voice, settings: dict) -> Voice:
    """``voice`` with rate, pitch and volume from ``settings`` where given."""
    return Voice(voice.id, int(settings.get("rate", voice.rate)), int(settings.get("pitch", voice.pitch)),
                 float(settings.get("volume", voice.volume)))
