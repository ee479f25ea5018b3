"""The script cache: a story's attributed Script kept under a digest of its bytes, so a rebuild need not parse it."""
from __future__ import annotations

import dataclasses
import hashlib
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from .. import files
from . import records
from ..model import Script

if TYPE_CHECKING:
    from ..attribute import Character


def parsed_script(story: Path, skip_notes: bool = False,
                  cache_root: Path | None = None) -> tuple[Script, list[Character]]:
    """``pipeline.script(story)``, kept in ``cache_root/scripts`` (None: not kept) under a digest
    of the story's path and bytes, ``skip_notes`` and talecast's code.

    A rebuild after a voice change then neither reads, segments nor attributes
    the story again (nor loads the name list gender guesses come from).
    """
    from ..attribute import Character

    script, found = kept_script(story, skip_notes, cache_root)
    return script, [Character(**fields) for fields in found]


def kept_script(story: Path, skip_notes: bool = False,
                cache_root: Path | None = None) -> tuple[Script, list[dict]]:
    """``parsed_script`` with each character as a dict of its fields: a build reads a kept script
    without loading the reader, the segmenter or the attribution rules."""
    try:
        data = Path(story).read_bytes()
    except OSError:
        cache_root = None  # the reader says what is wrong
    path = _path(story, data, skip_notes, cache_root) if cache_root is not None else None
    kept = files.read_sealed(path) if path else None  # None when absent or damaged
    if kept is not None:
        try:
            script, found = pickle.loads(kept)
            if isinstance(script, Script) and all(isinstance(c, dict) for c in found):
                return script, found
        except Exception:  # written by another version: parse again
            pass
    from .. import pipeline

    script, chars = pipeline.script(story, None, skip_notes=skip_notes)
    found = [dataclasses.asdict(c) for c in chars]
    if path:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            files.write_sealed(path, pickle.dumps((script, found), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only or full cache only costs the parse next time
    return script, found


def is_kept(story: Path, skip_notes: bool, cache_root: Path | None) -> bool:
    """Whether ``parsed_script`` will find the story's script kept (present; checked when read)."""
    if cache_root is None:
        return False
    try:
        data = Path(story).read_bytes()
    except OSError:
        return False
    return _path(story, data, skip_notes, cache_root).is_file()


def _path(story: Path, data: bytes, skip_notes: bool, cache_root: Path) -> Path:
    """Where the script of ``story`` (whose bytes are ``data``) is kept."""
    h = hashlib.sha256()
    for part in (str(Path(story).resolve()).encode(), data, str(skip_notes).encode(),
                 records.code_fingerprint().encode()):
        h.update(hashlib.sha256(part).digest())
    return Path(cache_root) / "scripts" / f"{h.hexdigest()}.pickle"
