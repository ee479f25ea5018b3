"""A content-addressed cache of synthesized segments (raw PCM files).

The key is a hash of the engine, its version, the voice settings and the exact
text spoken (after pronunciations), so any change to one of them misses and
everything else hits. Entries are written under a temporary name and renamed,
so a killed process never leaves a truncated entry under a key.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path


def default_dir() -> Path:
    """The user cache directory: ``$TALECAST_CACHE_DIR``, else ``$XDG_CACHE_HOME/talecast``."""
    env = os.environ.get("TALECAST_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "talecast"


def key(engine: str, voice, text: str) -> str:
    """The cache key of ``text`` spoken by ``voice`` (a voices.Voice) on ``engine``."""
    h = hashlib.sha256()
    for part in (engine, voice.id, str(voice.rate), str(voice.pitch), f"{voice.volume:.3f}", text):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass(frozen=True)
class Usage:
    """What a cache holds on disk."""

    entries: int
    bytes: int


class SegmentCache:
    """PCM of synthesized segments, one file per key, under ``root``.

    A disabled cache (``--no-cache``) reads nothing; the build then synthesizes
    into a temporary cache of its own and throws it away at the end.
    """

    def __init__(self, root: Path | None = None, enabled: bool = True):
        self.root = Path(root) if root else default_dir() / "segments"
        self.enabled = enabled

    def path(self, k: str) -> Path:
        """Where the entry for key ``k`` lives (whether or not it exists)."""
        return self.root / k[:2] / f"{k}.pcm"

    def has(self, k: str) -> bool:
        return self.enabled and self.path(k).is_file()

    def get(self, k: str) -> bytes | None:
        if not self.enabled:
            return None
        try:
            return self.path(k).read_bytes()
        except OSError:
            return None

    def put(self, k: str, pcm: bytes) -> None:
        """Store ``pcm`` under ``k`` atomically (temporary name, then rename)."""
        if not self.enabled:
            return
        p = self.path(k)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(f"{p.name}.{os.getpid()}.part")
        tmp.write_bytes(pcm)
        os.replace(tmp, p)

    def usage(self) -> Usage:
        """How many entries the cache holds and their total size."""
        entries = size = 0
        for p in self.root.glob("??/*.pcm"):
            entries += 1
            size += p.stat().st_size
        return Usage(entries, size)

    def clear(self) -> Usage:
        """Delete every entry (and stray temporary files); return what was removed."""
        used = self.usage()
        if self.root.exists():
            shutil.rmtree(self.root)
        return used
