"""The voice config: load, validate, and give every segment a Voice.

``load(path)`` reads a TOML voice config, checks every key, type, range and
voice id against the engine (naming the file and line of the first problem)
and returns a ``VoiceConfig``. ``Caster(config).voice_for(segment)`` gives each
segment its ``Voice``; ``Caster.plan(script)`` first hands default voices to the
characters that have none, stably and without two speakers of one chapter
sharing a voice while the pool has others. ``VoiceConfig.pronounce(text)``
respells words for the engine (never for captions or tags).
"""
from __future__ import annotations

import bisect
import dataclasses
import difflib
import hashlib
import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from . import model, render
from .errors import ConfigError, TalecastError

RANGES = {"rate": (80, 450), "pitch": (0, 100), "volume": (0.0, 1.0)}
GENDERS = ("female", "male", "unknown")
NARRATOR = "narrator"  # `voice = "narrator"`: the character is read by the narrator
UNKNOWN_SPEAKER = "\0unknown speaker"  # key for dialogue nobody could attribute

_NUMBER = (int, float)
_VOICE = "voice"  # marker: an engine id (string) or a description (table)
VOICE_KEYS = {"voice": _VOICE, "rate": _NUMBER, "pitch": _NUMBER, "volume": _NUMBER}
CHARACTER_KEYS = {**VOICE_KEYS, "aliases": list, "gender": str, "skip": bool}
DEFAULTS_KEYS = {"female": list, "male": list, "unknown": list, "rate": _NUMBER, "pitch": _NUMBER,
                 "volume": _NUMBER}
DESCRIPTION_KEYS = {"language": str, "gender": str, "variant": int}
TOP_KEYS = {"narrator": dict, "defaults": dict, "characters": dict, "pronounce": dict,
            "pacing": dict, "styles": dict}
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
    pacing: "render.Pacing" = None  # set in __post_init__
    pronunciations: dict[str, str] = field(default_factory=dict)
    styles: dict[str, dict] = field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_STYLES.items()})

    def __post_init__(self):
        if self.pacing is None:
            self.pacing = render.Pacing()

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


# --------------------------------------------------------------------------- pronunciations

class Pronouncer:
    """Whole-word, case-aware respelling.

    A key with a capital letter (``Buffy``) matches that exact spelling; an
    all-lowercase key (``gif``) matches any case and carries the case over
    (``GIF`` -> ``JIF``, ``Gif`` -> ``Jif``). Longer keys win over shorter ones.
    """

    def __init__(self, table: dict[str, str]):
        self.exact = {k: v for k, v in table.items() if k != k.lower()}
        self.folded = {k: v for k, v in table.items() if k == k.lower()}
        alts = []
        for key in sorted(table, key=lambda k: (-len(k), k)):
            body = re.escape(key)
            alts.append(body if key in self.exact else f"(?i:{body})")
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)") if alts else None

    def _replace(self, m: re.Match) -> str:
        word = m.group(0)
        if word in self.exact:
            return self.exact[word]
        new = self.folded.get(word.lower())
        if new is None:  # an exact key matched by another key's folding: keep the text
            return word
        if word.isupper() and len(word) > 1:
            return new.upper()
        if word[:1].isupper():
            return new[:1].upper() + new[1:]
        return new

    def __call__(self, text: str) -> str:
        return self.pattern.sub(self._replace, text) if self.pattern else text


# --------------------------------------------------------------------------- the engine's voices

@dataclass(frozen=True)
class Catalog:
    """The voices an engine offers, and (espeak-ng) the variants any of them takes."""

    voices: tuple  # of engine.EngineVoice
    variants: tuple = ()  # of engine.Variant; empty when the driver has none

    @cached_property
    def ids(self) -> dict[str, object]:
        return {v.id: v for v in self.voices}

    @cached_property
    def variant_names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variants)

    def numbered(self, gender: str) -> list[str]:
        """espeak-ng's numbered variants of a gender, in order: f1, f2, ... or m1, m2, ..."""
        letter = gender[:1]
        found = [n for n in self.variant_names if re.fullmatch(letter + r"\d+", n)]
        return sorted(found, key=lambda n: int(n[1:]))

    def problem(self, voice_id: str) -> str | None:
        """Why ``voice_id`` is not usable (with the closest ids), or None when it is."""
        base, plus, variant = voice_id.partition("+") if self.variants else (voice_id, "", "")
        if base not in self.ids:
            near = [i for i in self.ids if i.rsplit("/", 1)[-1] == base]
            near += [i for i in difflib.get_close_matches(base, list(self.ids), n=3, cutoff=0.6) if i not in near]
            suffix = plus + variant if variant in self.variant_names else ""
            hint = f"closest: {', '.join(n + suffix for n in near[:3])}; " if near else ""
            return f"voice '{voice_id}' is not one of the engine's voices ({hint}`talecast voices` lists them)"
        if plus and variant not in self.variant_names:
            near = difflib.get_close_matches(variant, list(self.variant_names), n=3, cutoff=0.5)
            hint = f"closest: {', '.join(base + '+' + n for n in near)}; " if near else ""
            return (f"voice '{voice_id}': '+{variant}' is not an espeak-ng variant "
                    f"({hint}`talecast voices` lists them)")
        return None

    def matching(self, language: str) -> list:
        """Voices for ``language``: exact language first, then its regional forms, by id.

        With none, the language's parent (``en-gb-x-rp`` -> ``en-gb`` -> ``en``).
        """
        want = _lang(language)
        while want:
            exact, regional = [], []
            for v in self.voices:
                langs = [_lang(x) for x in v.languages] or [_lang(v.id.rsplit("/", 1)[-1])]
                if want in langs:
                    exact.append(v)
                elif any(x.startswith(want + "-") for x in langs):
                    regional.append(v)
            if exact or regional:
                return sorted(exact, key=lambda v: v.id) + sorted(regional, key=lambda v: v.id)
            want = want.rpartition("-")[0]  # en-gb-x-rp -> en-gb -> en, for other engines
        return []

    def languages(self) -> list[str]:
        return sorted({_lang(x) for v in self.voices for x in v.languages})

    def resolve(self, language: str, gender: str | None = None, variant: int | None = None) -> str:
        """The engine id a description names (raises ValueError with what would be valid).

        espeak-ng: the first voice for ``language``, plus the ``+f<variant>`` or
        ``+m<variant>`` variant when a gender is given (variant 1 by default).
        Other drivers (macOS, Windows): the ``variant``-th voice (counting from 1,
        and round again when there are fewer) for the language and gender.
        """
        found = self.matching(language)
        if not found:
            near = difflib.get_close_matches(_lang(language), self.languages(), n=3, cutoff=0.5)
            hint = f" (closest: {', '.join(near)})" if near else ""
            raise ValueError(f"no voice speaks language '{language}'{hint}")
        if self.variants and gender:
            names = self.numbered(gender)
            n = variant or 1
            if not names or not 1 <= n <= len(names):
                raise ValueError(f"variant = {n}: espeak-ng has {gender} variants 1 to {len(names)}")
            return f"{found[0].id}+{names[n - 1]}"
        if gender and not self.variants:
            found = [v for v in found if v.gender == gender] or found
        return found[((variant or 1) - 1) % len(found)].id

    @staticmethod
    @lru_cache(maxsize=1)
    def from_engine() -> "Catalog":
        """This process's engine's voices (the engine is created on first use)."""
        from .synth import engine

        return Catalog(tuple(engine.list_voices()), tuple(engine.list_variants()))


def _lang(code: str) -> str:
    return code.strip().lower().replace("_", "-")


def voice_table(catalog: Catalog, language: str | None = None, gender: str | None = None) -> str:
    """The engine's voices as a text table, with espeak-ng variants as suffixes."""
    rows = catalog.matching(language) if language else sorted(catalog.voices, key=lambda v: v.id)
    if gender and not catalog.variants:  # espeak-ng's own voices take any gender through a variant
        rows = [v for v in rows if v.gender == gender]
    table = [("ID", "NAME", "LANGUAGE", "GENDER")] + [
        (v.id, v.name, ", ".join(v.languages), v.gender or "") for v in rows]
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + "  " + r[3] for r in table]
    if not rows:
        lines.append("(no voice matches)")
    if catalog.variants:
        example = rows[0].id if rows else "gmw/en-us"
        eg = {"female": f"{example}+f3", "male": f"{example}+m3"}.get(gender, f"{example}+f3 or {example}+m7")
        lines += ["", f"espeak-ng variants: add one to any id above, e.g. {eg}."]
        for g in ("female", "male", None):
            if gender and g != gender:
                continue
            numbered = catalog.numbered(g) if g else []
            named = [v.name for v in catalog.variants
                     if v.gender == g and v.name not in numbered]
            label = g or "other"
            lines.append(f"  {label + ':':8} " + " ".join("+" + n for n in numbered + sorted(named, key=str.lower)))
    return "\n".join(lines)


# --------------------------------------------------------------------------- line numbers

_BARE = r"[A-Za-z0-9_-]+"
_QKEY = r'"(?:[^"\\\n]|\\.)*"' + r"|'[^'\n]*'"
_KEY = rf"(?:{_BARE}|{_QKEY})"
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER = re.compile(rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]")
_KEYVAL = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=[ \t]*")
_SCALAR = re.compile(r"[^,\]}\n#]*")


def _split_key(dotted: str) -> tuple[str, ...]:
    out = []
    for part in re.findall(_KEY, dotted):
        if part.startswith('"'):
            out.append(json.loads(part))
        elif part.startswith("'"):
            out.append(part[1:-1])
        else:
            out.append(part)
    return tuple(out)


class KeyLines:
    """Where each key (and each array item) of a valid TOML text is: ``line(path)``."""

    def __init__(self, text: str):
        self.text = text
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]
        self.lines: dict[tuple, int] = {}
        self._scan()

    def _lineno(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def line(self, path: Iterable) -> int:
        """The line of ``path`` (keys and array indexes), or of its nearest ancestor."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def _scan(self) -> None:
        text, pos, table = self.text, 0, ()
        while pos < len(text):
            eol = text.find("\n", pos)
            eol = len(text) if eol < 0 else eol
            m = _HEADER.match(text, pos, eol)
            if m:
                table = _split_key(m.group(1))
                self.lines.setdefault(table, self._lineno(pos))
            else:
                m = _KEYVAL.match(text, pos, eol)
                if m:
                    path = table + _split_key(m.group(1))
                    self.lines.setdefault(path, self._lineno(pos))
                    end = self._value(m.end(), path)
                    eol = text.find("\n", max(end, pos))
                    eol = len(text) if eol < 0 else eol
            pos = eol + 1

    def _skip_space(self, i: int) -> int:
        text = self.text
        while i < len(text):
            if text[i] in " \t\r\n":
                i += 1
            elif text[i] == "#":
                j = text.find("\n", i)
                i = len(text) if j < 0 else j
            else:
                break
        return i

    def _string(self, i: int) -> int:
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, i):
                j = text.find(quote, i + 3)
                while quote == '"""' and j > 0 and text[j - 1] == "\\":
                    j = text.find(quote, j + 1)
                return len(text) if j < 0 else j + 3
        q, j = text[i], i + 1
        while j < len(text) and text[j] != q:
            j += 2 if q == '"' and text[j] == "\\" else 1
        return j + 1

    def _value(self, i: int, path: tuple) -> int:
        """Record the lines inside the value at ``i``; return where it ends."""
        text = self.text
        if i >= len(text):
            return i
        c = text[i]
        if c in "\"'":
            return self._string(i)
        if c == "[":
            i, index = i + 1, 0
            while True:
                i = self._skip_space(i)
                if i >= len(text) or text[i] == "]":
                    return i + 1
                if text[i] == ",":
                    i += 1
                    continue
                self.lines.setdefault(path + (index,), self._lineno(i))
                j = self._value(i, path + (index,))
                i, index = max(j, i + 1), index + 1
        if c == "{":
            i += 1
            while True:
                i = self._skip_space(i)
                if i >= len(text) or text[i] == "}":
                    return i + 1
                if text[i] == ",":
                    i += 1
                    continue
                m = _KEYVAL.match(text, i)
                if not m:
                    return i + 1
                sub = path + _split_key(m.group(1))
                self.lines.setdefault(sub, self._lineno(i))
                i = max(self._value(m.end(), sub), i + 1)
        return _SCALAR.match(text, i).end()


# --------------------------------------------------------------------------- loading

def default_path() -> Path:
    """The built-in config (a copy of voices/default.toml shipped in the package)."""
    return Path(str(resources.files("talecast") / "data" / "default.toml"))


def load(path: str | Path | None = None, catalog: Catalog | None = None) -> VoiceConfig:
    """Load and validate a voice config; the built-in default when ``path`` is None.

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
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", msg)
        if m:
            msg = f"{m.group(1)}: TOML syntax: {msg[:m.start()]} (column {m.group(2)})"
        else:
            m = re.search(r"\s*\(at end of document\)$", msg)
            msg = f"{text.count(chr(10)) + 1}: TOML syntax: {msg[:m.start()] if m else msg} (at the end)"
        raise ConfigError(f"{path}:{msg}") from None
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
        self.check(("pacing",), pacing_d, {f.name: _NUMBER for f in dataclasses.fields(render.Pacing)})
        for key, value in pacing_d.items():
            if not PACING_RANGE[0] <= value <= PACING_RANGE[1]:
                raise self.error(("pacing", key), f"{key} = {value} in [pacing] is out of range "
                                                  f"({PACING_RANGE[0]} to {PACING_RANGE[1]} ms)")
        pacing = render.Pacing(**{k: int(v) for k, v in pacing_d.items()})

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
        return VoiceConfig(self.path, narrator, pools, settings, chars, pacing, dict(pron), styles)

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


# --------------------------------------------------------------------------- casting

def _preference(name: str, pool: list[str]) -> list[str]:
    """``pool`` in an order that depends only on ``name`` and each voice (rendezvous hashing)."""
    return sorted(pool, key=lambda v: hashlib.sha256(f"{name}\n{v}".encode("utf-8")).digest())


class Caster:
    """Gives each segment its Voice: narrator, a character's own, or one from the pools.

    Default voices are chosen per character by hashing the name into the pool
    (so they do not depend on the order of appearance or on other characters),
    then, after ``plan(script)``, moved only to avoid sharing a voice with another
    speaker of the same chapter while the pool has a free one. Characters are
    placed most-lines-first, so a new minor character never moves a major one.
    """

    def __init__(self, config: VoiceConfig, genders: dict[str, str] | None = None):
        self.config = config
        self.genders = genders or {}
        self.assigned: dict[str, Voice] = {}

    def _key(self, speaker: str | None) -> tuple[str, CharacterEntry | None]:
        entry = self.config.character(speaker)
        if entry:
            return entry.name, entry
        return (speaker if speaker is not None else UNKNOWN_SPEAKER), None

    def _own(self, entry: CharacterEntry | None) -> Voice | None:
        if entry and entry.narrator:
            return entry.voice or self.config.narrator
        return entry.voice if entry and entry.voice else None

    def _pool(self, key: str, entry: CharacterEntry | None) -> list[str]:
        gender = entry.gender if entry and entry.gender != "unknown" else self.genders.get(key, "unknown")
        pools = self.config.pools
        return pools.get(gender) or pools.get("unknown") or [self.config.narrator.id]

    def _make(self, entry: CharacterEntry | None, vid: str) -> Voice:
        s = dict(self.config.default_settings)
        if entry:
            s.update({k: getattr(entry, k) for k in ("rate", "pitch", "volume") if getattr(entry, k) is not None})
        return _with(Voice(vid), s)

    def plan(self, script: model.Script) -> dict[str, Voice]:
        """Choose default voices for every character of ``script`` who has none; return them.

        Every speaker, even one with a voice of their own (or ``skip``), gets a
        place in the pool in the same way, so giving a character their own voice
        (or changing it) leaves everyone else's default where it was, unless the
        new voice is one a fellow speaker of the same chapter had by default.
        """
        speakers, fixed, lines = [], [], Counter()
        entries: dict[str, CharacterEntry | None] = {}
        for ch in script.chapters:
            keys, taken = set(), {"": self.config.narrator.id}  # speaker -> a voice of their own
            for seg in ch.segments:
                if seg.kind == model.DIALOGUE:
                    key, entry = self._key(seg.speaker)
                    keys.add(key)
                    entries[key] = entry
                    lines[key] += 1
                    own = None if entry and entry.skip else self._own(entry)
                    if own:
                        taken[key] = own.id
            speakers.append(keys)
            fixed.append(taken)
        placed: dict[str, str] = {}
        for key in sorted(lines, key=lambda k: (-lines[k], k)):
            used = Counter()
            for keys, taken in zip(speakers, fixed):
                if key in keys:
                    used.update(v for k, v in taken.items() if k != key)
                    for other in keys - {key}:
                        if other in placed:  # a place in the pool counts less when not spoken in
                            used[placed[other]] += 0.5 if other in taken or self._skipped(other) else 1
            prefs = _preference(key, self._pool(key, entries[key]))
            placed[key] = min(prefs, key=lambda v: used[v])  # the first preferred among the least used
            entry = entries[key]
            if not (entry and (entry.skip or self._own(entry))):
                self.assigned[key] = self._make(entry, placed[key])
        return dict(self.assigned)

    def _skipped(self, key: str) -> bool:
        entry = self.config.character(key)
        return bool(entry and entry.skip)

    def _default(self, key: str, entry: CharacterEntry | None) -> Voice:
        """A voice for a character ``plan`` did not see: avoid every voice already given."""
        if key not in self.assigned:
            used = Counter(v.id for v in self.assigned.values())
            used.update(c.voice.id for c in self.config.characters.values() if c.voice)
            used[self.config.narrator.id] += 1
            vid = min(_preference(key, self._pool(key, entry)), key=lambda v: used[v])
            self.assigned[key] = self._make(entry, vid)
        return self.assigned[key]

    def voice_for(self, seg: model.Segment) -> Voice | None:
        """The segment's voice (changed by its style, if any), or None when it is not spoken."""
        voice = self._voice_for(seg)
        return styled(voice, self.config.styles.get(seg.style)) if voice and seg.style else voice

    def _voice_for(self, seg: model.Segment) -> Voice | None:
        if seg.kind == model.BREAK:
            return None
        if seg.kind != model.DIALOGUE:
            return self.config.narrator
        key, entry = self._key(seg.speaker)
        if entry and entry.skip:
            return None
        return self._own(entry) or self._default(key, entry)

    def speaker_voice(self, name: str) -> Voice | None:
        """The voice ``name`` speaks in ("narrator" for the narrator); None if skipped."""
        if name.lower() == NARRATOR:
            return self.config.narrator
        return self.voice_for(model.Segment(0, model.DIALOGUE, "", 0, 0, speaker=name))


def styled(voice: Voice, change: dict | None) -> Voice:
    """``voice`` with a style's changes added, each kept within its valid range."""
    if not change:
        return voice
    def clamp(key, value):
        lo, hi = RANGES[key]
        return min(hi, max(lo, value))
    return dataclasses.replace(voice, rate=int(clamp("rate", voice.rate + change.get("rate", 0))),
                               pitch=int(clamp("pitch", voice.pitch + change.get("pitch", 0))),
                               volume=float(clamp("volume", voice.volume + change.get("volume", 0))))


# --------------------------------------------------------------------------- auditioning

def pick_voice(config: VoiceConfig, voice_id: str | None = None, speaker: str | None = None,
               script: model.Script | None = None, genders: dict[str, str] | None = None,
               rate: int | None = None, pitch: int | None = None) -> Voice:
    """The voice `talecast say` speaks in: an engine id, a speaker of the config, or the narrator."""
    if voice_id:
        problem = Catalog.from_engine().problem(voice_id)
        if problem:
            raise ConfigError(problem)
        voice = _with(Voice(voice_id), config.default_settings)
    elif speaker:
        known = set(genders or ()) | {n for c in config.characters.values() for n in (c.name, *c.aliases)}
        if speaker.lower() != NARRATOR and not config.character(speaker) and speaker not in known:
            near = difflib.get_close_matches(speaker, sorted(known), n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(near)}?" if near else f"characters: {', '.join(sorted(known)) or 'none'}"
            raise ConfigError(f"{config.path}: no character '{speaker}' ({hint})")
        caster = Caster(config, genders)
        if script is not None:
            caster.plan(script)
        voice = caster.speaker_voice(speaker)
        if voice is None:
            raise ConfigError(f"{config.path}: {speaker} has skip = true, so is never spoken")
    else:
        voice = config.narrator
    for key, value in (("rate", rate), ("pitch", pitch)):
        if value is not None and not RANGES[key][0] <= value <= RANGES[key][1]:
            raise ConfigError(f"--{key} {value} is out of range ({RANGES[key][0]} to {RANGES[key][1]})")
    return _with(voice, {k: v for k, v in (("rate", rate), ("pitch", pitch)) if v is not None})


PLAYERS = (("paplay",), ("aplay", "-q"), ("afplay",), ("ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"),
           ("play", "-q"))


def say(text: str, voice: Voice, out: Path | None = None, config: VoiceConfig | None = None) -> Path | None:
    """Speak ``text`` in ``voice`` (after the config's pronunciations) to ``out`` or a player.

    ``out`` ending in ``.wav`` gets a WAV file, anything else an MP3. Without
    ``out`` the line is played by the first audio player found; returns the file written.
    """
    import shutil
    import subprocess
    import tempfile
    import wave

    from .synth.engine import SAMPLE_RATE, SAMPLE_WIDTH, get_engine

    if not text.strip():
        raise TalecastError("nothing to say: give some text")
    player = None if out else next((p for p in PLAYERS if shutil.which(p[0])), None)
    if out is None and player is None:
        raise TalecastError("no audio player found (paplay, aplay, afplay, ffplay): "
                            "give -o clip.mp3 to write the line to a file")
    spoken = config.pronounce(text) if config else text
    pcm = get_engine().synthesize(spoken, voice)
    target = Path(out) if out else Path(tempfile.mkstemp(prefix="talecast-say-", suffix=".wav")[1])
    if target.suffix.lower() == ".wav":
        target.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(target), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(SAMPLE_WIDTH)
            w.setframerate(SAMPLE_RATE)
            w.writeframes(pcm)
    else:  # through the chapter renderer, so the line sounds (level, pauses) as it will in the book
        line = model.Segment(1, model.NARRATION, spoken, 0, len(spoken))
        render.render_chapter([line], lambda i: pcm, target, render.Tags(text[:60], "talecast say", None, 1, 1),
                              render.Pacing(lead=100, tail=300), captions=())
    if out:
        return target
    try:
        subprocess.run([*player, str(target)], check=False)
    finally:
        target.unlink(missing_ok=True)
    return None
