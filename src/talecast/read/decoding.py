"""Decoding: a story file's bytes to text (encodings, UTF-16 sniffing, mojibake repair)."""
from __future__ import annotations

import codecs
import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

from ..errors import InputError

MAX_BYTES = 64 * 1024 * 1024


# --- decoding -----------------------------------------------------------------

def read_text(path: str | Path) -> str:
    """The file's text, decoded; raise InputError for anything that isn't text."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a story file")
    return decode(read_limited(path, MAX_BYTES), str(path))


def read_limited(path: Path, limit: int, what: str = "") -> bytes:
    """The bytes of ``path``, refused past ``limit`` bytes: counted as they are read, not taken
    from ``stat`` (``/dev/zero`` announces 0 bytes and never ends)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path}: {what}too large ({size} bytes; the limit is {limit})")
        if not path.is_file():  # a device or a pipe: what it announces means nothing
            if path.is_char_device() or path.is_block_device():
                raise InputError(f"{path}: not a story file (a device)")
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputError(f"{path}: {what}too large (more than {limit} bytes; the limit is {limit})")
    return data


_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF",
                 b"ID3", b"RIFF", b"OggS", b"fLaC", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf", b"Rar!")
# Control characters that never occur in text (tab, line feed, form feed, carriage return, escape do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode a story file's bytes: UTF-8 (BOM kept as U+FEFF so offsets match a
    plain UTF-8 read), UTF-16/32, or a legacy single-byte encoding; repair
    mojibake; raise InputError for binary data."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = _strict(data, "utf-32", name)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", name)
    elif (enc := _sniff_utf16(data)) is not None:
        text = _strict(data, enc, name)
    else:
        if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:65536]:
            raise InputError(f"{name}: not a text file (it contains binary data)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _mostly_utf8(data, name)
            if text is None:
                text = _legacy(data, name)
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        raise InputError(f"{name}: not a text file (it contains binary data)")
    if not text.strip(" \t\r\n\ufeff"):
        raise InputError(f"{name}: the file is empty")
    return repair_mojibake(text)


_marks = threading.local()


def _mark(err: UnicodeDecodeError):
    _marks.bad.append(err.start)
    return "\ufffd", err.end


codecs.register_error("talecast-mark", _mark)
log = logging.getLogger("talecast")


def _mostly_utf8(data: bytes, name: str) -> str | None:
    """UTF-8 with its few bad bytes replaced (U+FFFD) when the file is overwhelmingly UTF-8:
    at least four good multi-byte characters a bad byte (one stray byte must not turn a
    novel's curly quotes into ``â€™``). The bad bytes' offsets are logged (``--verbose``)."""
    _marks.bad = []
    try:
        text = data.decode("utf-8", "talecast-mark")
        bad = _marks.bad
    finally:
        _marks.bad = []
    leads = sum(data.count(bytes([b])) for b in range(0xC2, 0xF5))  # lead bytes of multi-byte characters
    good = leads - sum(1 for i in bad if 0xC2 <= data[i] <= 0xF4)
    if not bad or good < 4 * len(bad):
        return None
    shown = ", ".join(str(i) for i in bad[:10]) + (", ..." if len(bad) > 10 else "")
    log.info("%s: %d byte(s) that are not UTF-8 replaced by \ufffd, at byte offset(s) %s", name, len(bad), shown)
    return text


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"{name}: not valid {encoding.upper()} text") from None


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: most of the high (or low) bytes are zero."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        head = head[:-1]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    n = len(even)
    if odd.count(0) > 0.4 * n and even.count(0) < 0.05 * n:
        return "utf-16-le"
    if even.count(0) > 0.4 * n and odd.count(0) < 0.05 * n:
        return "utf-16-be"
    return None


def _legacy(data: bytes, name: str) -> str:
    """A file that is not UTF-8: Windows-1252 (a superset of Latin-1's letters) when
    that reads as Western text, else whatever charset_normalizer finds."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    letters = sum(1 for c in text[:65536] if c.isalpha())
    foreign = sum(1 for c in text[:65536] if c.isalpha() and c > "\x7f")
    if letters and foreign <= 0.15 * letters:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: not a text file (no text encoding fits it)")
    return str(best)


@lru_cache(maxsize=1)
def _mojibake_pattern() -> re.Pattern:
    """UTF-8 bytes that were decoded as Windows-1252: ``â€™`` for ``’``, ``Ã©`` for ``é``."""
    chars: dict[int, list[str]] = {}
    for b in range(0x80, 0x100):
        try:
            c = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            c = chr(b)
        chars.setdefault(b, []).append(c)

    def cls(lo, hi):
        return "[" + "".join(re.escape(c) for b in range(lo, hi + 1) for c in chars[b]) + "]"

    cont = cls(0x80, 0xBF)
    return re.compile(f"{cls(0xC2, 0xDF)}{cont}|{cls(0xE0, 0xEF)}{cont}{{2}}|{cls(0xF0, 0xF4)}{cont}{{3}}")


_CP1252_BYTE = {}
for _b in range(256):
    try:
        _CP1252_BYTE[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        _CP1252_BYTE[chr(_b)] = _b


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text decoded as Windows-1252 (``donâ€™t`` -> ``don’t``).

    Only sequences that decode to a plausible character (not CJK) are replaced,
    so genuine Latin-1 text is left alone.
    """
    if not re.search("[\u00c2-\u00f4]", text):
        return text

    def fix(m: re.Match) -> str:
        s = m.group()
        try:
            out = bytes(_CP1252_BYTE[c] for c in s).decode("utf-8")
        except (UnicodeDecodeError, KeyError):
            return s
        return out if ord(out) < 0x3000 else s

    return _mojibake_pattern().sub(fix, text)
