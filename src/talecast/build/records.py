"""What a build leaves behind to be skipped next time: the chapter manifest and build records.

Standard library only (and the cache's folder), so that `talecast build` can
tell an unchanged story in a fraction of a second, before the pipeline loads.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import files
from ..errors import InputError
from ..synth import cache as cache_mod
from ..synth.engine import engine_id

MANIFEST = ".talecast.json"
LOCK = ".talecast.lock"


@dataclass
class BuildResult:
    folder: Path
    files: list[Path] = field(default_factory=list)
    playlist: Path | None = None
    durations: list[float] = field(default_factory=list)
    synthesized: int = 0       # segments synthesized by this build
    cached: int = 0            # segments taken from the cache
    rendered: int = 0          # chapters encoded by this build
    skipped: int = 0           # chapters left as they were (unchanged)
    single: Path | None = None  # the single-file edition, when asked for
    single_written: bool = False  # whether this build wrote it (False: the last build's was still right)
    single_removed: str | None = None  # the last build's edition, out of date now that none (or another) is asked for

    def counts(self) -> str:
        """What the build did, for its summary line: segments, chapters and the single-file edition."""
        said = (f"{self.synthesized} segments synthesized, {self.cached} from cache; {self.rendered} chapter(s) "
                f"encoded, {self.skipped} unchanged")
        if self.single:
            said += f"; {self.single.name} {'written' if self.single_written else 'unchanged'}"
        if self.single_removed:
            said += f"; {self.single_removed} removed (out of date)"
        return said




def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_manifest(folder: Path) -> dict:
    """The last build's record of its chapters: file name -> {digest, duration}."""
    chapters = _read_json(Path(folder) / MANIFEST).get("chapters")
    return chapters if isinstance(chapters, dict) else {}


def write_manifest(folder: Path, chapters: dict, **extra) -> None:
    """Record finished chapters atomically (a killed build keeps the old record or the new)."""
    files.write_atomic(Path(folder) / MANIFEST,
                       json.dumps({"version": 1, **extra, "chapters": chapters}, indent=1, ensure_ascii=False))


@contextlib.contextmanager
def output_folder(folder: Path, story: str | None = None):
    """Make ``folder`` and hold it for one build: a lock that a second build into the same folder
    finds taken (it is refused, with one line), and a check that the folder is not another
    story's (``story``: the story file; the manifest records whose build a folder holds).
    Raise InputError for a folder that cannot be made or written, is locked, or is another story's."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(f"cannot write the audiobook into {folder}/ ({exc.strerror or exc})") from None
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not POSIX: no lock
            pass
        except OSError:
            raise InputError(f"another talecast build is writing into {folder}/ now: wait for it to finish, "
                             "or build into another --out") from None
        owner = _read_json(folder / MANIFEST).get("story")
        if story and owner and owner != story:
            raise InputError(f"{folder}/ holds the audiobook of another story ({owner}): build into another "
                             "--out, or delete that folder first")
        yield folder
    finally:
        os.close(fd)  # releases the lock


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes with any of talecast's code or data, which could change what a build writes."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent  # talecast/, not build/
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".toml") and p.is_file()):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def options_key(bitrate: str, sample_rate: int, channels: int, single: str | None, cover: bytes | None) -> str:
    """The output options of a build, as one string for ``inputs_digest``."""
    kbps = str(bitrate).strip().lower().removesuffix("k")
    return json.dumps([kbps, sample_rate, channels, single, hashlib.sha256(cover).hexdigest() if cover else None])


def inputs_digest(story: Path, voices_file: Path | None, out: Path, options: str, skip_notes: bool,
                  engine: str | None = None) -> str | None:
    """A digest of everything a build of ``story`` depends on: files, options, engine, code.

    None when the story or the config cannot be read (the reader and the config
    loader will say why).
    """
    h = hashlib.sha256()
    if voices_file:
        config = Path(voices_file)
    else:
        from importlib import resources

        config = Path(str(resources.files("talecast") / "data" / "default.toml"))
    try:
        parts = (Path(story).read_bytes(), config.read_bytes())
    except OSError:
        return None
    for part in (*parts, str(Path(out).resolve()).encode(),
                 options.encode(), str(skip_notes).encode(), engine_id(engine).encode(), code_fingerprint().encode()):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def intact(folder: Path, name: str, entry) -> bool:
    """Whether the finished chapter ``name`` (its manifest ``entry``) is still as its build left it:
    its MP3 there with the size recorded (not cut short, emptied or overwritten) and its captions
    there. An entry of an older manifest, without sizes or captions, asks only for the MP3."""
    if not isinstance(entry, dict):
        return False
    try:
        size = (Path(folder) / name).stat().st_size
    except OSError:
        return False
    if entry.get("bytes") is not None and entry["bytes"] != size:
        return False
    return all((Path(folder) / str(c)).is_file() for c in entry.get("captions") or ())


def unchanged(digest: str) -> BuildResult | None:
    """The result of the last build with inputs ``digest``, if all its files are still there."""
    folder = _read_json(cache_mod.default_dir() / "builds" / f"{digest}.json").get("folder")
    if not folder:
        return None
    folder = Path(folder)
    data = _read_json(folder / MANIFEST)
    chapters = data.get("chapters") or {}
    playlist = folder / str(data.get("playlist", ""))
    if data.get("inputs") != digest or not chapters or not playlist.is_file() \
            or not all(intact(folder, name, entry) for name, entry in chapters.items()):
        return None
    single = folder / data["single"] if data.get("single") else None
    if single and not _sized(single, data.get("single_bytes")):
        return None
    return BuildResult(folder, [folder / n for n in chapters], playlist,
                       [float(c["duration"]) for c in chapters.values()],
                       cached=int(data.get("segments", 0)), skipped=len(chapters), single=single)




def _sized(path: Path, size) -> bool:
    """Whether ``path`` is a file of ``size`` bytes (any size when ``size`` is None)."""
    try:
        return path.is_file() and (size is None or path.stat().st_size == size)
    except OSError:
        return False


def record(digest: str, folder: Path) -> None:
    """Remember that the build with inputs ``digest`` is in ``folder``."""
    path = cache_mod.default_dir() / "builds" / f"{digest}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomic(path, json.dumps({"folder": str(Path(folder).resolve())}))
