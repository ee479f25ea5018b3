"""A content-addressed cache of synthesized segments (raw PCM files).

The key is a hash of the engine, its version, the voice settings and the exact
text spoken (after pronunciations), so any change to one of them misses and
everything else hits. Entries are written under a temporary name, flushed to
disk and renamed, so a killed process never leaves a truncated entry under a
key; each entry carries its length and a checksum (``files.seal``), so an entry
damaged later (emptied, truncated, overwritten) reads as missing and is made again.

``clean`` removes only what the cache wrote (names it gives its files), never
anything else a user left under the cache folder.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import files
from ..files import default_dir  # (the cache folder; attribution keeps a table there too)


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
        """Whether ``k`` holds sound audio (checked, not just present)."""
        return self.get(k) is not None

    def get(self, k: str) -> bytes | None:
        """The PCM stored under ``k``; None when absent or damaged (wrong length, checksum or
        an odd number of bytes), so that it is made again."""
        if not self.enabled:
            return None
        pcm = files.read_sealed(self.path(k))
        if pcm is None or len(pcm) % 2:
            return None
        return pcm

    def size(self, k: str) -> int | None:
        """The length of the PCM under ``k`` from its entry's header (the audio is not read nor
        checked: ``get`` does that); None when absent, cut short or of odd length."""
        if not self.enabled:
            return None
        n = files.sealed_size(self.path(k))
        return None if n is None or n % 2 else n

    def put(self, k: str, pcm: bytes) -> None:
        """Store ``pcm`` under ``k`` atomically and durably (temporary name, fsync, rename)."""
        if not self.enabled:
            return
        p = self.path(k)
        p.parent.mkdir(parents=True, exist_ok=True)
        files.write_sealed(p, pcm)

    def check_writable(self) -> None:
        """Raise ConfigError, in one line, when entries cannot be written under ``root``."""
        from ..errors import ConfigError

        try:
            self.root.mkdir(parents=True, exist_ok=True)
            files.write_atomic(self.root / ".probe", b"", durable=False)
            (self.root / ".probe").unlink()
        except OSError as exc:
            raise ConfigError(f"cannot write to the cache folder {self.root} ({exc.strerror or exc}): set "
                              "TALECAST_CACHE_DIR to a writable folder, or build with --no-cache") from None

    def usage(self) -> Usage:
        """How many entries the cache holds and their size on disk."""
        entries = size = 0
        for p in self.root.glob("??/*.pcm"):
            if _ENTRY.fullmatch(p.name):
                entries += 1
                size += p.stat().st_size
        return Usage(entries, size)

    def clear(self) -> Usage:
        """Delete every segment (and stray temporary files); return what was removed."""
        report = clean(self.root.parent, segments=self.root)
        return Usage(report.counts.get("segment", 0), report.sizes.get("segment", 0))


# Every file the cache writes, by kind: (folder relative to the cache folder, glob, name).
# Temporary files are the same names, hidden, with ".<pid>-<random>.part" after them.
_HEX = r"[0-9a-f]{64}"
_ENTRY = re.compile(rf"{_HEX}\.pcm")
_KINDS = (
    ("segment", "segments", "??/*", rf"\.?{_HEX}\.pcm(\.[0-9]+(-[0-9a-f]+)?\.part)?"),
    ("fragment", "segments/fragments", "??/*", rf"\.?{_HEX}\.mp3(\.[0-9]+(-[0-9a-f]+)?\.part)?"),
    ("script", "segments/scripts", "*", rf"\.?{_HEX}\.pickle(\.[0-9]+(-[0-9a-f]+)?\.part)?"),
    ("build record", "builds", "*", rf"\.?{_HEX}\.json(\.[0-9]+(-[0-9a-f]+)?\.part)?"),
    ("name table", "tables", "*", r"\.?gender-guesser\.sealed(\.[0-9]+(-[0-9a-f]+)?\.part)?"),
)


@dataclass
class CleanReport:
    """What ``clean`` removed, by kind, and how many other files it left alone."""

    root: Path
    counts: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)
    kept: int = 0

    def __str__(self) -> str:
        parts = [f"{self.counts[k]} {k}(s)" for k, *_ in _KINDS if self.counts.get(k)]
        text = (f"Removed {', '.join(parts) or 'nothing'}, {sum(self.sizes.values()) / 1e6:.1f} MB, "
                f"from {self.root}")
        if self.kept:
            text += f"; left {self.kept} other file(s) there alone"
        return text


def clean(root: Path | None = None, segments: Path | None = None) -> CleanReport:
    """Delete the files the cache wrote under ``root`` (default: ``default_dir()``): segments,
    encoded fragments, parsed scripts, build records, the table of first names' genders
    (``attribute.names._gender_sets``) and their temporary files; then
    the folders it made, if empty. Any other file is left where it is, and counted."""
    root = Path(root) if root else default_dir()
    report = CleanReport(root)
    for kind, folder, pattern, name in _KINDS:
        base = root / folder if not (segments and folder.startswith("segments")) \
            else Path(segments) / folder.removeprefix("segments").lstrip("/")
        rx = re.compile(name)
        for p in base.glob(pattern):
            if p.is_file() and not p.is_symlink() and rx.fullmatch(p.name):
                size = p.stat().st_size
                p.unlink(missing_ok=True)
                report.counts[kind] = report.counts.get(kind, 0) + 1
                report.sizes[kind] = report.sizes.get(kind, 0) + size
    for kind, folder, pattern, _ in reversed(_KINDS):
        base = root / folder if not (segments and folder.startswith("segments")) \
            else Path(segments) / folder.removeprefix("segments").lstrip("/")
        if pattern.startswith("??"):
            for d in base.glob("??"):
                if d.is_dir() and re.fullmatch(r"[0-9a-f]{2}", d.name):
                    _rmdir(d)
        _rmdir(base)
    if root.is_dir():
        report.kept = sum(1 for p in root.rglob("*") if p.is_file() or p.is_symlink())
    return report


def _rmdir(path: Path) -> None:
    try:
        path.rmdir()
    except OSError:  # not empty (a user's file), or not there
        pass
