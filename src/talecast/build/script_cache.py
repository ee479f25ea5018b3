"""The script cache: a story's attributed Script kept under a digest of its bytes, so a rebuild need not parse it."""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from .. import files, pipeline
from . import records
from ..attribute import Character
from ..model import Script

def parsed_script(story: Path, skip_notes: bool = False,
                  cache_root: Path | None = None) -> tuple[Script, list[Character]]:
    """``pipeline.script(story)``, kept in ``cache_root/scripts`` (None: not kept) under a digest
    of the story's path and bytes, ``skip_notes`` and talecast's code.

    A rebuild after a voice change then neither reads, segments nor attributes
    the story again (nor loads the name list gender guesses come from).
    """
    try:
        data = Path(story).read_bytes()
    except OSError:
        cache_root = None  # the reader says what is wrong
    if cache_root is None:
        return pipeline.script(story, None, skip_notes=skip_notes)
    h = hashlib.sha256()
    for part in (str(Path(story).resolve()).encode(), data, str(skip_notes).encode(),
                 records.code_fingerprint().encode()):
        h.update(hashlib.sha256(part).digest())
    path = Path(cache_root) / "scripts" / f"{h.hexdigest()}.pickle"
    data = files.read_sealed(path)  # None when absent or damaged
    if data is not None:
        try:
            return pickle.loads(data)
        except Exception:  # written by another version: parse again
            pass
    result = pipeline.script(story, None, skip_notes=skip_notes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_sealed(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only or full cache only costs the parse next time
    return result
