"""Edits the studio makes to a voice config: a character's (or the narrator's) settings.

Per-line corrections are written by ``voices.corrections.add_correction``, in the same way.

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
from ..errors import ConfigError

write_lock = threading.Lock()

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
    return voices.load(path)


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
    with write_lock:
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
