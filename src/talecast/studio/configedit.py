"""Edits the studio makes to a voice config: a character's settings and per-line corrections.

Every edit re-reads the file first (a hand edit made while the studio runs is
kept), changes only the keys it is about with tomlkit (comments and order
survive), checks the result with ``voices.load`` exactly as a build would (an
invalid value is refused with the message the CLI prints) and replaces the file
atomically. Nothing here takes a path from the page: the config's path is the
one the studio was started with.
"""
from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from .. import voices
from ..voices import schema
from ..errors import ConfigError

_write_lock = threading.Lock()

CHARACTER_FIELDS = ("aliases", "gender", "voice", "rate", "pitch")
NARRATOR_FIELDS = ("voice", "rate", "pitch")


def read(path: Path) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, TOMLKitError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot edit it: {exc}") from None


def save(doc: tomlkit.TOMLDocument, path: Path) -> voices.VoiceConfig:
    """Write ``doc`` beside ``path``, load it as a build would, then rename it over ``path``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(tomlkit.dumps(doc))
        try:
            config = validate(Path(tmp))
        except ConfigError as exc:  # the message names the user's file, not the temporary one
            raise ConfigError(str(exc).replace(tmp, str(path))) from None
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return config


def validate(path: Path) -> voices.VoiceConfig:
    """``voices.load``: the checks a build makes."""
    if "lines" in schema.TOP_KEYS:
        return voices.load(path)
    # Until the loader knows [[lines]] (issue 13), check the rest of the file.
    doc = read(path)
    if "lines" not in doc:
        return voices.load(path)
    del doc["lines"]
    check = path.with_name(path.name + ".check")
    try:
        check.write_text(tomlkit.dumps(doc), encoding="utf-8")
        try:
            return voices.load(check)
        except ConfigError as exc:
            raise ConfigError(str(exc).replace(str(check), str(path))) from None
    finally:
        check.unlink(missing_ok=True)


def _number(value):
    """A number the page sent as text becomes a number; anything else is left for the loader to refuse."""
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", value):
        return float(value) if "." in value else int(value)
    return value


def set_character(path: Path, name: str, changes: dict) -> voices.VoiceConfig:
    """Change ``[characters.NAME]`` (or ``[narrator]`` when ``name`` is "narrator").

    ``changes`` maps a field of ``CHARACTER_FIELDS`` to its new value; ``None`` or
    ``""`` removes the key (a character without ``voice`` gets a default one).
    """
    with _write_lock:
        doc = read(path)
        if name == voices.NARRATOR:
            allowed = NARRATOR_FIELDS
            table = doc.get("narrator")
            if table is None:
                table = tomlkit.table()
                doc.add("narrator", table)
        else:
            allowed = CHARACTER_FIELDS
            chars = doc.get("characters")
            table = chars.get(name) if hasattr(chars, "get") else None
            if not hasattr(table, "get"):
                raise ConfigError(f"{path}: no character '{name}' (add it to [characters] first)")
        for key, value in changes.items():
            if key not in allowed:
                raise ConfigError(f"cannot change '{key}' of {name} here (only {', '.join(allowed)})")
            if key == "aliases" and isinstance(value, str):
                value = [a.strip() for a in value.split(",") if a.strip()]
            if key in ("rate", "pitch"):
                value = _number(value)
            if value is None or value == "":
                if key in table:
                    del table[key]
            else:
                table[key] = value
        return save(doc, path)


def _words(text: str) -> str:
    """What a correction's words are matched on: case, punctuation and spacing ignored."""
    return " ".join(re.findall(r"\w+", text.lower()))


def set_correction(path: Path, text: str, speaker: str | None = None, kind: str | None = None,
                   chapter: int | None = None, occurrence: int | None = None) -> voices.VoiceConfig:
    """Add a ``[[lines]]`` correction, or replace the one naming the same line."""
    with _write_lock:
        doc = read(path)
        lines = doc.get("lines")
        if lines is None:
            lines = tomlkit.aot()
            doc.append("lines", lines)
        entry = None
        for t in lines:
            if (_words(str(t.get("text", ""))) == _words(text) and t.get("chapter") == chapter
                    and t.get("occurrence") == occurrence):
                entry = t
                break
        if entry is None:
            entry = tomlkit.table()
            entry["text"] = text
            if speaker is not None:
                entry["speaker"] = speaker
            if kind is not None:
                entry["kind"] = kind
            if chapter is not None:
                entry["chapter"] = chapter
            if occurrence is not None:
                entry["occurrence"] = occurrence
            lines.append(entry)
        else:
            for key, value in (("speaker", speaker), ("kind", kind)):
                if value is None:
                    entry.pop(key, None)
                else:
                    entry[key] = value
        return save(doc, path)
