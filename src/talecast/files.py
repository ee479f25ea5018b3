"""Writing files so that nothing half-written is ever taken for complete.

``write_atomic`` writes beside the destination (never across file systems),
flushes the data to disk and only then renames it into place. ``seal`` and
``unseal`` frame a cache entry with its length and a checksum, so a damaged
entry (emptied, truncated, overwritten) reads as missing instead of as audio.
``default_dir`` is the user cache folder (the synthesis cache's, and the table of first
names' genders that attribution keeps there).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

def default_dir() -> Path:
    """The user cache directory: ``$TALECAST_CACHE_DIR``, else ``$XDG_CACHE_HOME/talecast``."""
    env = os.environ.get("TALECAST_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "talecast"


MAGIC = b"TCSEAL1\n"
_HEADER = len(MAGIC) + 8 + 16  # magic, length (8 bytes, little-endian), blake2b-128 of the data
HEADER = _HEADER


def seal(data: bytes) -> bytes:
    """``data`` with a header that ``unseal`` checks: its length and checksum."""
    return MAGIC + len(data).to_bytes(8, "little") + hashlib.blake2b(data, digest_size=16).digest() + data


def unseal(blob: bytes | None) -> bytes | None:
    """The data ``seal`` framed in ``blob``; None when ``blob`` is not exactly that (damaged)."""
    if not blob or len(blob) < _HEADER or not blob.startswith(MAGIC):
        return None
    n = int.from_bytes(blob[len(MAGIC):len(MAGIC) + 8], "little")
    data = blob[_HEADER:]
    if len(data) != n or hashlib.blake2b(data, digest_size=16).digest() != blob[len(MAGIC) + 8:_HEADER]:
        return None
    return data


def read_sealed(path: Path) -> bytes | None:
    """The data of a sealed file; None when it is absent, unreadable or damaged."""
    try:
        with open(path, "rb") as f:
            return unseal(f.read())
    except OSError:
        return None


def sealed_size(path: Path) -> int | None:
    """The length of a sealed file's data, from its header and size alone (its checksum is not
    read: ``read_sealed`` checks it); None when absent, unreadable or not whole."""
    try:
        with open(path, "rb") as f:
            head = f.read(_HEADER)
            size = os.fstat(f.fileno()).st_size
    except OSError:
        return None
    if len(head) < _HEADER or not head.startswith(MAGIC):
        return None
    n = int.from_bytes(head[len(MAGIC):len(MAGIC) + 8], "little")
    return n if size == _HEADER + n else None


_writing: set[Path] = set()  # this process's temporary files, while ``write_atomic`` writes them


def remove_temps() -> None:
    """Remove the temporary files this process is writing: for a process told to stop now (a
    synthesis worker the build terminates), which exits without unwinding ``write_atomic``."""
    for tmp in list(_writing):
        with contextlib.suppress(OSError):
            tmp.unlink()


def temp_name(path: Path) -> Path:
    """A unique hidden temporary name beside ``path``."""
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.part")


def write_atomic(path: Path, data: bytes | str, durable: bool = True) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file beside it, fsynced
    (``durable``), then renamed. On any error the temporary file is removed and the
    error raised; ``path`` keeps what it held."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = temp_name(path)
    _writing.add(tmp)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        _writing.discard(tmp)


def write_sealed(path: Path, data: bytes) -> None:
    """``write_atomic`` of ``seal(data)``."""
    write_atomic(path, seal(data))


def fsync_file(path: Path) -> None:
    """Flush a file another program wrote (ffmpeg) to disk before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
