"""Turn extracted paragraphs and sections into a ``model.Document``.

Every format reader (EPUB, HTML, Markdown) extracts a list of :class:`Para`
grouped into :class:`Section` s, then calls :func:`assemble`. The Document's
``source`` is the extracted plain text: paragraphs separated by blank lines, in
reading order, dropped material included (so ``Document.dropped`` can point at
it) but never in a chapter or a note. Segment offsets index this text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Block, Document, RawChapter

# Section kinds.
CHAPTER = "chapter"   # a chapter of the story
FRONT = "front"       # front matter: read as notes before chapter 1
DROP = "drop"         # not read (licence, table of contents, copyright page ...)
TITLE = "title"       # the book's title as printed (spoken once, from metadata)
BYLINE = "byline"     # "by Author" as printed

BREAK_TEXT = "* * *"  # a scene break; segment.py turns it into a pause
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PG_START = re.compile(r"\*\*\*\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
_PG_END = re.compile(r"\*\*\*\s*END OF (?:THE|THIS) PROJECT GUTENBERG|^\s*End of (?:the )?Project Gutenberg",
                     re.I | re.M)
_PG_FIELD = re.compile(r"^\s*(Title|Author|Language):\s*(.+?)\s*$", re.M)


@dataclass
class Para:
    """One extracted paragraph (or heading, or scene break)."""

    text: str
    kind: str = "p"             # "p", "h1".."h6", "break", "toc" (a line of links)
    styles: list[tuple[int, int, str]] = field(default_factory=list)  # spans in ``text``

    @property
    def level(self) -> int | None:
        """The heading level (1-6), or None for anything but a heading."""
        return int(self.kind[1]) if self.kind[:1] == "h" and self.kind[1:].isdigit() else None


@dataclass
class Section:
    """A run of paragraphs with one fate: a chapter, front matter, or dropped."""

    kind: str
    title: str | None = None
    paras: list[Para] = field(default_factory=list)
    why: str = ""               # for DROP: what it was


@dataclass
class Meta:
    title: str | None = None
    author: str | None = None
    language: str | None = None
    cover: bytes | None = None


def clean(text: str) -> str:
    """Collapse white space (line breaks kept), drop invisible and control characters."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def one_line(text: str | None, limit: int = 200) -> str | None:
    """A title or name: one line, no control characters, at most ``limit`` characters."""
    if text is None:
        return None
    text = " ".join(clean(text).split())
    return text[:limit].strip() or None


def speakable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def gutenberg(paras: list[Para]) -> tuple[int | None, int | None, dict[str, str]]:
    """Indexes of the Project Gutenberg START and END marker paragraphs, and header fields."""
    start = end = None
    fields: dict[str, str] = {}
    for i, p in enumerate(paras):
        if start is None and end is None and _PG_START.search(p.text):
            start = i
            for m in _PG_FIELD.finditer("\n".join(q.text for q in paras[: i + 1])):
                fields.setdefault(m.group(1).lower(), m.group(2))
        elif _PG_END.search(p.text) and (start is not None or i > len(paras) // 2):
            end = i
            break
    return start, end, fields


def assemble(sections: list[Section], meta: Meta, name: str) -> Document:
    """The Document of ``sections``: front matter first as notes, then chapters.

    FRONT sections after the first chapter are read as chapters of their own; a
    chapter whose first paragraph is not a heading gets its title as one.
    """
    parts: list[str] = []
    pos = 0
    styles: list[tuple[int, int, str]] = []

    def put(para: Para) -> Block:
        nonlocal pos
        if parts:
            parts.append("\n\n")
            pos += 2
        text = para.text
        parts.append(text)
        block = Block(pos, pos + len(text))
        styles.extend((pos + s, pos + e, st) for s, e, st in para.styles)
        pos += len(text)
        return block

    def put_all(paras: list[Para]) -> list[Block]:
        """Blocks of the paragraphs to read; a table of contents line is put aside as dropped."""
        blocks = []
        for p in paras:
            b = put(p)
            if p.kind == "toc":
                dropped.append((b.start, b.end, "table of contents"))
            else:
                blocks.append(b)
        return blocks

    notes: list[Block] = []
    chapters: list[RawChapter] = []
    dropped: list[tuple[int, int, str]] = []
    title_block = author_block = None
    for sec in sections:
        paras = [p for p in sec.paras if p.text]
        if sec.kind == FRONT and chapters:
            sec = Section(CHAPTER, sec.title, sec.paras)
        if sec.kind == CHAPTER and not any(speakable(p.text) for p in paras if p.kind not in ("break", "toc")):
            sec = Section(DROP, sec.title, sec.paras, "empty section")
        if not paras:
            continue
        if sec.kind == DROP:
            blocks = [put(p) for p in paras]
            dropped.append((blocks[0].start, blocks[-1].end, sec.why or "not part of the story"))
        elif sec.kind == TITLE:
            title_block = _span([put(p) for p in paras])
        elif sec.kind == BYLINE:
            author_block = _span([put(p) for p in paras])
        elif sec.kind == FRONT:
            notes += put_all(_trim_breaks(paras))
        else:
            paras = _trim_breaks(paras)
            title = one_line(sec.title) or (one_line(paras[0].text) if paras[0].level else None)
            heading = None
            if paras[0].level:
                heading = put(paras[0])
                paras = paras[1:]
            elif title and _norm(title) != _norm(meta.title or ""):
                heading = put(Para(title, "h2"))
            title = title or f"Chapter {len(chapters) + 1}"
            chapters.append(RawChapter(title, heading, tuple(put_all(_trim_breaks(paras)))))
    source = "".join(parts)
    title = one_line(meta.title) or _title_from_name(name)
    if not chapters:
        if not notes:
            raise InputError(f"{name}: no readable story text found")
        chapters, notes = [RawChapter(title, None, tuple(notes))], []
    return Document(source, title, one_line(meta.author), title_block, author_block, tuple(notes),
                    tuple(chapters), tuple(dropped), one_line(meta.language, 35), meta.cover,
                    styles=tuple(styles))


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _span(blocks: list[Block]) -> Block:
    return Block(blocks[0].start, blocks[-1].end)


def _trim_breaks(paras: list[Para]) -> list[Para]:
    """No scene break at either end, and never two in a row."""
    out: list[Para] = []
    for p in paras:
        if p.kind == "break" and (not out or out[-1].kind == "break"):
            continue
        out.append(p)
    while out and out[-1].kind == "break":
        out.pop()
    return out


def _title_from_name(name: str) -> str:
    from .plain import _title_from_name as from_name

    return from_name(name)
