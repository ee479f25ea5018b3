"""Write a story's voice config from its characters, merging into an existing one.

``talecast cast`` calls ``write``: the narrator first, then one
``[characters."Name"]`` table per speaking character with its aliases, gender
guess and a voice of its own, and a comment with its number of lines and first
line. When the file exists, every table and value in it is kept as the user left
it (comments too: tomlkit round-trips them); only characters it does not know
yet are added. The result is checked with ``voices.load`` before it replaces the
old file, so what ``cast`` writes always builds.
"""
from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from ..attribute import Character
from ..errors import ConfigError
from .loading import load
from .schema import VoiceConfig

HEADER = """talecast voice config for "{title}", written by `talecast cast`.
Edit freely: running `talecast cast` again keeps your changes and only adds new characters.
`talecast voices` lists the voice ids; rate: words per minute (80-450); pitch: 0-100.
Build with: talecast build STORY --voices {path}"""


def write(characters: list[Character], path: str | Path, title: str,
          planned: dict[str, str] | None = None) -> list[str]:
    """Write (or merge into) the voice config at ``path``; return the names of characters added.

    Only characters with lines are written. Existing tables are never changed.
    ``planned`` (name -> voice id) gives characters the voices a build already
    uses for them, so switching to the written file changes no one's voice.
    """
    path = Path(path)
    base = load(None)
    if path.exists():
        try:
            doc = tomlkit.parse(path.read_text(encoding="utf-8"))
        except (TOMLKitError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot merge into it: {exc}") from None
    else:
        doc = _new_document(base, title, path)
    table = doc.get("characters")
    if table is None:
        table = tomlkit.table(is_super_table=True)
        doc.add("characters", table)
    known = {n.lower() for name, entry in table.items()
             for n in [name, *(entry.get("aliases", []) if hasattr(entry, "get") else [])]}
    taken = {str(e.get("voice")) for e in table.values() if hasattr(e, "get") and e.get("voice")}
    taken.add(_narrator_voice(doc, base))
    added = []
    for c in characters:
        if c.lines == 0 or any(n.lower() in known for n in c.names()):
            continue
        table.add(c.name, _entry(c, base, taken, (planned or {}).get(c.name)))
        known.update(n.lower() for n in c.names())
        added.append(c.name)
    _save(doc, path)
    return added


def _new_document(base: VoiceConfig, title: str, path: Path) -> tomlkit.TOMLDocument:
    doc = tomlkit.document()
    for line in HEADER.format(title=_one_line(title), path=path).splitlines():
        doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    narrator = tomlkit.table()
    n = base.narrator
    narrator.add("voice", n.id)
    narrator.add("rate", n.rate)
    narrator.add("pitch", n.pitch)
    narrator.add("volume", n.volume)
    doc.add("narrator", narrator)
    defaults = tomlkit.table()
    defaults.add(tomlkit.comment("handed in turn to characters without a voice of their own"))
    for g in ("female", "male", "unknown"):
        if base.pools.get(g):
            defaults.add(g, base.pools[g])
    doc.add("defaults", defaults)
    return doc


def _one_line(text: str) -> str:
    """Text fit for a TOML comment: one line, no control characters (a CRLF story's \\r)."""
    return " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).split())


def _narrator_voice(doc, base: VoiceConfig) -> str:
    n = doc.get("narrator")
    return str(n.get("voice", base.narrator.id)) if hasattr(n, "get") else base.narrator.id


def _entry(c: Character, base: VoiceConfig, taken: set[str], planned: str | None = None) -> tomlkit.items.Table:
    t = tomlkit.table()
    first = _one_line(c.first_line or "")
    first = first if len(first) <= 70 else first[:67] + "..."
    t.add(tomlkit.comment(f"{c.lines} line{'s' if c.lines != 1 else ''}; first: {first}"))
    t.add("aliases", list(c.aliases))
    t.add("gender", c.gender)
    if c.narrator:
        t.add(tomlkit.comment("tells the story (\"I\"): speaks in the narrator's voice"))
        t.add("voice", "narrator")
        return t
    pool = base.pools.get(c.gender) or base.pools.get("unknown") or [base.narrator.id]
    free = [v for v in pool if v not in taken]
    if planned and planned not in taken:
        t.add("voice", planned)
        taken.add(planned)
    elif free:
        t.add("voice", free[0])
        taken.add(free[0])
    else:  # every voice of the pool is in use: a used one, at a pitch of its own
        uses = sum(1 for v in taken if v.startswith("\0"))
        t.add("voice", pool[uses % len(pool)])
        t.add("pitch", 30 + (uses * 13) % 45)
        taken.add(f"\0{uses}")
    return t


def _save(doc, path: Path) -> None:
    """Write beside the target, validate with voices.load, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(tomlkit.dumps(doc))
        load(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
