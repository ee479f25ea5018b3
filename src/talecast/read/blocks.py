"""Blocks: the paragraphs of a text, and the items ``parse`` works on (a block, its heading, whether it is kept)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block
from .headings import CHAPTER, Heading, _KW, _clean, _title_case, heading_info


# --- paragraphs ----------------------------------------------------------------

_BLANK_LINE = re.compile(r"(?:\r?\n|\r(?!\n))[ \t\f\v\ufeff]*(?:\r?\n|\r(?!\n))")
_NEWLINE = re.compile(r"\r\n|\n|\r")


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Blocks separated by blank lines (or by line ends, when there are none)."""
    end = len(text) if end is None else end
    splitter = _BLANK_LINE if _BLANK_LINE.search(text, start, end) else _NEWLINE
    blocks = []
    pos = start
    for m in splitter.finditer(text, start, end):
        b = _strip(text, pos, m.start())
        if b:
            blocks.append(b)
        pos = m.end()
    b = _strip(text, pos, end)
    if b:
        blocks.append(b)
    return blocks


def _strip(text: str, start: int, end: int) -> Block | None:
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "\ufeff"):
        end -= 1
    return Block(start, end) if end > start else None


def _lines(text: str, b: Block) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of a block, stripped."""
    out = []
    pos = b.start
    for m in _NEWLINE.finditer(text, b.start, b.end):
        s = _strip(text, pos, m.start())
        if s:
            out.append((s.start, s.end))
        pos = m.end()
    s = _strip(text, pos, b.end)
    if s:
        out.append((s.start, s.end))
    return out


# --- front matter ----------------------------------------------------------------

_GUTENBERG_START = re.compile(
    r"^[ \t]*(?:\*{3}[ \t]*START OF (?:THE|THIS) PROJECT GUTENBERG[^\r\n]*\r?"
    r"|\*END\*THE SMALL PRINT![^\r\n]*)\r?$", re.I | re.M)
_GUTENBERG_END = re.compile(
    r"^[ \t]*(?:\*{3}[ \t]*END OF (?:THE|THIS) PROJECT GUTENBERG[^\r\n]*\r?"
    r"|End of (?:the )?Project Gutenberg(?:'s)?\b[^\r\n]*)\r?$", re.I | re.M)
_GUTENBERG_FIELD = re.compile(r"^(Title|Author):[ \t]*(\S[^\r\n]*?)[ \t]*\r?$", re.M)
_CREDITS = re.compile(
    r"^(?:Produced by|Transcribed (?:from|by)|E-?text prepared by|This (?:e-?text|e-?book) was"
    r"|Prepared by|Updated editions will|HTML version by|Scanned by|Proofread by)\b", re.I)
_ILLUSTRATION = re.compile(r"^\[(?:Illustration|Picture|Image)\b[^\]]*\]$", re.I | re.S)
_HEADER_FIELD = re.compile(r"^(Title|Author|By)\s*:\s*(\S.{0,100})$", re.IGNORECASE)
_CONTENTS = re.compile(r"^(?:table of )?contents\.?$|^(?:list of )?illustrations\.?$", re.I)
_BY = re.compile(r"^by\b[\s:]*(?P<who>.*)$", re.IGNORECASE)
_NOTE_PREFIX = re.compile(
    r"^(?:\*\*)?(?:author['’]?s['’]?\s+notes?|a/n|notes?|end\s*notes?|disclaimer|summary|warnings?|rating"
    r"|pairings?|fandom|word\s*count|dedication|spoilers?|beta(?:'d)?(?:\s+by)?)\s*(?:\*\*)?\s*[:\-—]",
    re.IGNORECASE)
_TOC_LINE = re.compile(
    rf"^(?:(?:{_KW}|prologue|epilogue)\b.*|(?:[IVXLC]+|\d{{1,3}})[.:)]?\s+\S.*|\S.*?[\s.]+\d{{1,4}})$",
    re.IGNORECASE)
_PROSE_END = re.compile(r"[.!?…:;,\"”’'—–-]\W*$")
# A footnote: "* The ford was drowned ...", "(*1) On the original publication ...";
# its marker in the text: "Hollow Ford,* there", "MARIE ROGET.(*1)".
_FOOTNOTE = re.compile(r"^(?:\*{1,3}|\(\*\d*\))[ \t]*(?<=[ \t)])[^\s*]")
_FOOTNOTE_MARK = re.compile(r"(?<=[^\s*])(?:\*{1,3}|\(\*\d*\))(?=[\s,.;:)]|$)")
_PAGE_NUMBER = re.compile(r"(?:\s*[.·…]){2,}\s*\d+\s*$|\s{2,}\d+\s*$")  # "THE SILVER KEY ...... 13"
_FOOTNOTE_AT_END = re.compile(r"\s*(?:\*{1,3}|\(\*\d*\)|†)\s*$")
_EMPHASIS_SPAN = re.compile(r"\*+[^\s*](?:[^*\n]*?[^\s*])?\*+")      # *you*: emphasis, no marker
# Speech in a paragraph: an opening mark, words, punctuation, a closing mark (or a dash-led line).
_SPEECH = re.compile(r"(?:^|(?<=[\s(—–-]))[\"“‘']\s?[^\W\d_][^\"“”]*?[.,!?…—–-]\s?[\"”’'](?!\w)"
                     r"|^(?:[—―]|--(?!-))\s*[^\W\d_a-z]", re.M)


def _norm(s: str) -> str:
    return re.sub(r"[\W_]+", " ", s.casefold()).strip()


@dataclass
class _Item:
    block: Block
    head: Heading | None
    drop: str = ""       # why it is dropped
    note: bool = False   # a note in the story's body


def _strip_gutenberg(text: str):
    start, end, dropped, meta = 0, len(text), [], {}
    m = _GUTENBERG_START.search(text)
    if m:
        for f in _GUTENBERG_FIELD.finditer(text, 0, m.start()):
            meta.setdefault(f.group(1).lower(), f.group(2).strip())
        dropped.append((0, m.end(), "Project Gutenberg header"))
        start = m.end()
    m = _GUTENBERG_END.search(text, start)
    if m:
        dropped.append((m.start(), len(text), "Project Gutenberg licence"))
        end = m.start()
    return start, end, dropped, meta


def _items(text: str, blocks: list[Block]) -> list[_Item]:
    """Blocks with their heading classification; a heading that shares a block
    with the following text (or with a subtitle line) is split off."""
    items: list[_Item] = []
    for b in blocks:
        nl = text.find("\n", b.start, b.end)
        first = text[b.start:nl if nl >= 0 else b.end].strip()
        h = heading_info(first)
        if nl < 0:
            items.append(_Item(b, h))
            continue
        lines = _lines(text, b)
        if len(lines) >= 3 and _TOC_LINE.match(first) and all(
                e - s <= 100 and _TOC_LINE.match(text[s:e]) for s, e in lines):
            items.append(_Item(b, None, "table of contents"))
            continue
        if h is None:
            items.append(_Item(b, h))
            continue
        cut = 1
        second = text[lines[1][0]:lines[1][1]]
        if h.level <= CHAPTER and len(lines) == 2 and len(second) <= 80 and heading_info(second) is None:
            if not h.has_sub and len(second.split()) <= 12:
                h = Heading(h.level, h.key, f"{h.title}: {_title_case(_clean(second)).rstrip('.')}")
                cut = 2
            elif h.has_sub and len(first) >= 45:  # a long subtitle wrapped onto a second line
                h = Heading(h.level, h.key, f"{h.title} {_title_case(_clean(second))}")
                cut = 2
        items.append(_Item(Block(b.start, lines[cut - 1][1]), h))
        if cut < len(lines):
            items.append(_Item(Block(lines[cut][0], b.end), None))
    return items
