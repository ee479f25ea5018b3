"""Plain text to a Document: paragraphs, chapters, front matter and boilerplate.

The reader owns encodings, front matter, chapter boundaries and publisher
boilerplate. It never interprets quotation marks; that is ``segment``'s job.

``parse`` works on blocks (paragraphs separated by blank lines) in a few
linear passes:

1. Project Gutenberg's header and licence, its "Produced by" credits and
   ``[Illustration]`` markers are dropped (and listed in ``Document.dropped``).
2. Each block that looks like a heading is classified by level: part (``Part
   III``, ``Book II``), chapter (``Chapter 1``, ``STAVE I:  MARLEY'S GHOST``,
   ``I. A SCANDAL IN BOHEMIA``, ``Prologue``, Markdown ``#``), section (a bare
   numeral such as ``II.`` or ``[ 3 ]``) or note (``Preface``, ``Author's Note``).
   A book with no chapter headings whose shape is a run of tales, each headed
   by its title in capitals (``THE SILVER KEY.``) and followed by prose, has
   one chapter per tale (``_tale_titles``).
3. A table of contents (a ``Contents`` block and its entries, a block of
   entry lines, headings repeated later in the book, or the tales' titles
   listed before the first tale) is dropped.
4. The title page at the top gives the spoken title and author (or, with no
   ``by`` line, a short capitalised first line before prose); what sits
   between it and the first chapter is front matter, read as notes, unless
   people speak in it: an unheaded opening with dialogue is the story's first
   chapter, ``Prologue`` (``_story_opening``).
5. Notes inside the story: a note heading's section, ``A/N:`` paragraphs, and
   footnotes (``* ...``, ``(*1) ...``) once the text has marked one.

The passes' pieces live beside this module: ``blocks`` (paragraphs and items),
``headings``, ``frontmatter`` (title page, contents, boilerplate) and ``tales``.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..model import Block, Document, RawChapter
from .headings import CHAPTER, NOTE, PART, SECTION, _clean, _title_case
from .blocks import (_EMPHASIS_SPAN, _FOOTNOTE, _FOOTNOTE_MARK, _NOTE_PREFIX, _Item, _items, _lines, _strip_gutenberg,
                     paragraphs)
from .frontmatter import _drop_boilerplate, _drop_contents, _is_prose, _story_opening, _title_page, _titleish
from .tales import _tale_titles


def parse(text: str, name: str = "story") -> Document:
    """Split decoded text into front matter and chapters."""
    start, end, dropped, meta = _strip_gutenberg(text)
    items = _items(text, paragraphs(text, start, end))
    _drop_boilerplate(text, items)
    _tale_titles(text, items)
    _drop_contents(text, items)

    _check_numbering(items)
    title, author = meta.get("title"), meta.get("author")
    title_block = author_block = None
    body_from = 0
    tp = _title_page(text, items, meta)
    if tp:
        last, title, author, title_block, author_block = tp
        body_from = last + 1
        # a Markdown "# Title" heading is the title, not a chapter
        for it in items[:body_from]:
            it.head = None
    title = title or _title_from_name(name)
    live = [k for k in range(body_from, len(items)) if not items[k].drop]
    _mark_notes(text, items, live)

    heads = [k for k in live if items[k].head and items[k].head.level <= SECTION]
    levels = _heading_levels(items, heads)
    chapter_level = CHAPTER if any(levels[k] == CHAPTER for k in heads) else \
        SECTION if sum(levels[k] == SECTION for k in heads) >= 2 else PART
    if chapter_level == SECTION:
        # bare numerals as chapters: only those in the story's most common style
        styles = Counter(items[k].head.key[0] for k in heads if levels[k] == SECTION)
        main = styles.most_common(1)[0][0]
        for k in heads:
            if levels[k] == SECTION and items[k].head.key[0] != main:
                levels[k] = SECTION + 1
    chapters: list[RawChapter] = []
    notes: list[Block] = []
    current: tuple[str, Block] | None = None
    body: list[Block] = []
    pending_part: tuple[str, Block] | None = None
    started = False
    pos = 0
    while pos < len(live):
        k = live[pos]
        it = items[k]
        lvl = levels.get(k)
        if lvl is not None and lvl <= chapter_level:
            if lvl < chapter_level:
                # a part heading right before a chapter heading (a few lines of a
                # volume's title page between them at most) prefixes its title
                j, words = pos + 1, 0
                while j < len(live) and levels.get(live[j]) is None and words <= 40:
                    b = items[live[j]].block
                    words += len(text[b.start:b.end].split())
                    j += 1
                if j < len(live) and words <= 40 and levels.get(live[j]) == chapter_level:
                    pending_part = (it.head.title, it.block)
                    pos = j
                    continue
            if started:
                chapters.append(RawChapter(current[0], current[1], tuple(body)))
            title_txt, hb = it.head.title, it.block
            if chapter_level == SECTION and it.head.key[0] in ("bare", "bracket"):
                title_txt = f"Chapter {title_txt}"
            if pending_part:
                title_txt = f"{pending_part[0]}, {title_txt}"
                hb = Block(pending_part[1].start, hb.end)
                pending_part = None
            title_txt, hb = _subtitle(text, items, live, pos, it.head, title_txt, hb)
            if hb.end != it.block.end:
                pos += 1  # the next block was the subtitle
            current = (title_txt, hb)
            body = []
            started = True
        elif lvl is not None:  # a section inside a chapter
            b = Block(it.block.start, it.block.end, "section", it.head.title)
            (body if started else notes).append(b)
        elif not started:
            notes.append(Block(it.block.start, it.block.end, "note") if it.note else it.block)
        else:
            body.append(Block(it.block.start, it.block.end, "note") if it.note else it.block)
        pos += 1
    if started:
        chapters.append(RawChapter(current[0], current[1], tuple(body)))
        opening = _story_opening(text, notes)
        if opening is not None:
            # an unheaded opening that speaks is the story's first chapter
            chapters.insert(0, RawChapter("Prologue", None, tuple(notes[opening:])))
            notes = notes[:opening]
    else:
        # No chapter headings: front matter is the title page's trailing lines
        # (publisher, dates) and the notes marked as such; the story starts at
        # the first other paragraph.
        split = 0
        while split < len(notes) and (notes[split].kind == "note" or tp is not None
                                      and not _is_prose(text, notes[split])):
            split += 1
        chapters.append(RawChapter(title, None, tuple(notes[split:])))
        notes = notes[:split]
    for it in items:
        if it.drop:
            dropped.append((it.block.start, it.block.end, it.drop))
    dropped.sort()
    return Document(text, title, author, title_block, author_block, tuple(notes), tuple(chapters),
                    tuple(dropped))


def _check_numbering(items: list[_Item]) -> None:
    """A bare numeral (``II.``, ``[ 3 ]``) is a heading only when it continues a
    sequence (or starts one at 1): ``365`` alone in a sum is not a heading."""
    last: dict[str, int] = {}
    for it in items:
        h = it.head
        if it.drop or not h or h.key[0] not in ("bare", "bracket", "part"):
            continue
        v = h.key[1]
        if v == 1 or v == last.get(h.key[0], 0) + 1:
            last[h.key[0]] = v
        elif h.key[0] != "part":
            it.head = None


def _mark_notes(text: str, items: list[_Item], live: list[int]) -> None:
    """Note headings (``Preface``, ``Author's Note``) and ``A/N:`` paragraphs inside the story;
    a footnote (``* The ford was drowned...``) once the text has marked one (``Hollow Ford,*``)."""
    in_note = False
    marked = False
    for k in live:
        it = items[k]
        para = text[it.block.start:it.block.end]
        if it.head and it.head.level == NOTE:
            in_note = True
            it.note = True
            it.head = None
        elif it.head and it.head.level <= SECTION:
            in_note = False
        elif in_note or _NOTE_PREFIX.match(para) or marked and _FOOTNOTE.match(para):
            it.note = True
            continue
        marked = marked or bool(_FOOTNOTE_MARK.search(_EMPHASIS_SPAN.sub("", para)))


def _heading_levels(items: list[_Item], heads: list[int]) -> dict[int, int]:
    """Each heading's level; Markdown levels are ranked among those the story uses."""
    md = sorted({items[k].head.key[-1] for k in heads if items[k].head.key[0] == "md"
                 or isinstance(items[k].head.key[-1], int) and len(items[k].head.key) == 3})
    levels = {}
    for k in heads:
        h = items[k].head
        if h.key[0] == "md" or len(h.key) == 3:
            rank = md.index(h.key[-1])
            levels[k] = CHAPTER if len(md) == 1 else min(rank, SECTION)
        else:
            levels[k] = h.level
    return levels


def _subtitle(text, items, live, pos, head, title, hb):
    """A chapter heading without a subtitle may have one on the next line."""
    if head.has_sub or pos + 1 >= len(live) or pos + 2 >= len(live):
        return title, hb
    nb = items[live[pos + 1]].block
    s = _clean(text[nb.start:nb.end])
    if items[live[pos + 1]].head or items[live[pos + 1]].note or len(_lines(text, nb)) > 1 or len(s) > 60 \
            or not s or not (s[0].isupper() or s[0].isdigit()):
        return title, hb
    words = s.split()
    if len(words) > 10 or s[-1] in ",;:-—–\"”’'" or s[-1] in ".!?" and not s.isupper() or not _titleish(s):
        return title, hb
    if not re.search(r"[^\W\d_]", s):
        return title, hb
    return f"{title}: {_title_case(s.rstrip('.'))}", Block(hb.start, nb.end)


def _title_from_name(name: str) -> str:
    stem = Path(name).stem
    words = re.split(r"[-_\s]+", stem)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "Untitled"
