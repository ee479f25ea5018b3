"""A content-addressed cache of synthesized segments (raw PCM files).

The key is a hash of the engine, its version, the voice settings and the exact
text spoken, so any change to one of them misses and everything else hits.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path


def default_dir() -> Path:
    env = os.environ.get("TALECAST_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "talecast"


def key(engine: str, voice, text: str) -> str:
    h = hashlib.sha256()
    for part in (engine, voice.id, str(voice.rate), str(voice.pitch), f"{voice.volume:.3f}", text):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class SegmentCache:
    def __init__(self, root: Path | None = None, enabled: bool = True):
        self.root = Path(root) if root else default_dir() / "segments"
        self.enabled = enabled

    def _path(self, k: str) -> Path:
        return self.root / k[:2] / f"{k}.pcm"

    def get(self, k: str) -> bytes | None:
        if not self.enabled:
            return None
        try:
            return self._path(k).read_bytes()
        except OSError:
            return None

    def put(self, k: str, pcm: bytes) -> None:
        if not self.enabled:
            return
        p = self._path(k)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(f"{p.name}.{os.getpid()}.part")
        tmp.write_bytes(pcm)
        os.replace(tmp, p)
