"""Read a story file into a Document: text, title, author, notes and chapters.

The reader owns formats, encodings, front matter, chapter boundaries and
publisher boilerplate. It never interprets quotation marks; that is
``segment``'s job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Block:
    """A paragraph: ``source[start:end]``, stripped of surrounding blank space."""

    start: int
    end: int


@dataclass(frozen=True)
class RawChapter:
    title: str
    heading: Block | None      # where the title came from, if from a heading
    blocks: tuple[Block, ...]  # the body's paragraphs


@dataclass(frozen=True)
class Document:
    source: str
    title: str
    author: str | None
    title_block: Block | None = None
    author_block: Block | None = None
    notes: tuple[Block, ...] = ()          # front matter, read as notes
    chapters: tuple[RawChapter, ...] = ()
    dropped: tuple[tuple[int, int, str], ...] = field(default=())
    language: str | None = None
    cover: bytes | None = field(default=None, repr=False)
    styles: tuple[tuple[int, int, str], ...] = ()  # (start, end, style): Markdown emphasis spans


# --- decoding -----------------------------------------------------------------

def read_text(path: str | Path) -> str:
    """The file's text, decoded; raise InputError for anything that isn't text."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a story file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: too large ({size} bytes; the limit is {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode(data, str(path))


def decode(data: bytes, name: str = "<input>") -> str:
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not valid UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: not a text file (it contains binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: not a text file (no text encoding fits it)")
    return str(best)


# --- paragraphs ----------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\ufeff]*\n")
_LINE = re.compile(r"[^\n]+")


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Blocks separated by blank lines (or by line ends, when there are none)."""
    end = len(text) if end is None else end
    region = text[start:end]
    splitter = _BLANK_LINE if _BLANK_LINE.search(region) else re.compile(r"\n")
    blocks = []
    pos = 0
    for m in [*splitter.finditer(region), None]:
        stop = m.start() if m else len(region)
        b = _strip(text, start + pos, start + stop)
        if b:
            blocks.append(b)
        pos = m.end() if m else len(region)
    return blocks


def _strip(text: str, start: int, end: int) -> Block | None:
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Block(start, end) if end > start else None


# --- headings ------------------------------------------------------------------

_NUMBER = (r"(?:\d+|[IVXLCDM]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
           r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
           r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|the\s+last)")
_HEADING = re.compile(
    rf"^(?:(?:chapter|part|book|stave|volume|letter|section|adventure)\s+{_NUMBER}\b[.:]?"
    rf"(?:\s*[-—:.]?\s*\S.*)?"
    r"|prologue|epilogue|interlude|afterword|introduction|preface"
    r"|#{1,6}\s+\S.*)$",
    re.IGNORECASE,
)
_ROMAN_TITLE = re.compile(r"^[IVXLC]+\.\s+[A-Z][A-Z0-9 ,.'’:;!?&-]+$")


def is_heading(line: str) -> bool:
    line = line.strip()
    if not line or "\n" in line or len(line) > 80:
        return False
    return bool(_HEADING.match(line) or _ROMAN_TITLE.match(line))


def heading_title(line: str) -> str:
    title = line.strip().lstrip("#").strip()
    return re.sub(r"\s+", " ", title)


# --- front matter ----------------------------------------------------------------

_BY = re.compile(r"^by\s+(\S.{0,78})$", re.IGNORECASE)
_GUTENBERG_START = re.compile(r"^\*\*\*\s*START OF (?:THE|THIS) PROJECT GUTENBERG.*$", re.I | re.M)
_GUTENBERG_END = re.compile(r"^\*\*\*\s*END OF (?:THE|THIS) PROJECT GUTENBERG.*$", re.I | re.M)
_GUTENBERG_FIELD = re.compile(r"^(Title|Author):\s*(.+?)\s*$", re.M)


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    if not 0 < len(line) <= 80:
        return False
    return line[-1] not in ".!?,;:\"”’'" and (line[0].isupper() or line[0].isdigit())


def parse(text: str, name: str = "story") -> Document:
    """Split decoded text into front matter and chapters."""
    start, end = 0, len(text)
    dropped = []
    meta = {}
    m = _GUTENBERG_START.search(text)
    if m:
        for f in _GUTENBERG_FIELD.finditer(text, 0, m.start()):
            meta.setdefault(f.group(1).lower(), f.group(2))
        dropped.append((0, m.end(), "Project Gutenberg header"))
        start = m.end()
    m = _GUTENBERG_END.search(text, start)
    if m:
        dropped.append((m.start(), len(text), "Project Gutenberg licence"))
        end = m.start()

    blocks = paragraphs(text, start, end)
    title = meta.get("title")
    author = meta.get("author")
    title_block = author_block = None
    i = 0
    # Title, then a "by Author" line, at the top.
    if blocks:
        first = text[blocks[0].start:blocks[0].end]
        lines = first.split("\n")
        if len(lines) <= 2 and not is_heading(lines[0]) and _looks_like_title(lines[0]):
            by = _BY.match(lines[1].strip()) if len(lines) == 2 else None
            nxt = text[blocks[1].start:blocks[1].end].strip() if len(blocks) > 1 else ""
            by = by or (_BY.match(nxt) if len(lines) == 1 else None)
            if by:
                title_block = blocks[0] if len(lines) == 1 else Block(blocks[0].start, blocks[0].start + len(lines[0]))
                title = title or heading_title(lines[0])
                author = author or by.group(1).strip()
                author_block = blocks[1] if len(lines) == 1 else Block(
                    blocks[0].start + len(lines[0]) + 1, blocks[0].end)
                i = 2 if len(lines) == 1 else 1
    title = title or _title_from_name(name)

    heads = [j for j in range(i, len(blocks)) if is_heading(text[blocks[j].start:blocks[j].end])]
    # A table of contents is a run of headings with nothing between them: only the
    # last heading of such a run starts a chapter; the others are front matter.
    heads = [h for k, h in enumerate(heads) if k + 1 == len(heads) or heads[k + 1] != h + 1]
    if not heads:
        chapter = RawChapter(title, None, tuple(blocks[i:]))
        return Document(text, title, author, title_block, author_block, (), (chapter,), tuple(dropped))
    notes = tuple(blocks[i:heads[0]])
    chapters = []
    for k, h in enumerate(heads):
        stop = heads[k + 1] if k + 1 < len(heads) else len(blocks)
        hb = blocks[h]
        chapters.append(RawChapter(heading_title(text[hb.start:hb.end]), hb, tuple(blocks[h + 1:stop])))
    return Document(text, title, author, title_block, author_block, notes, tuple(chapters), tuple(dropped))


def _title_from_name(name: str) -> str:
    stem = Path(name).stem
    words = re.split(r"[-_\s]+", stem)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "Untitled"


def read(path: str | Path) -> Document:
    """Read and parse a story file: EPUB, HTML and Markdown by ``formats``, plain text here."""
    from . import formats

    doc = formats.read(path)
    return doc if doc is not None else parse(read_text(path), str(path))
