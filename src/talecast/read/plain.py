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
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..model import Block, Document, RawChapter
from .headings import (CHAPTER, NOTE, PART, SECTION, Heading, _KW, _MARKDOWN, _SMALL, _clean, _title_case,
                       heading_info)


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


def _is_prose(text: str, b: Block) -> bool:
    words = text[b.start:b.end].split()
    return len(words) > 20 or bool(_PROSE_END.search(text[b.start:b.end])) and len(words) > 3


def _drop_boilerplate(text: str, items: list[_Item]) -> None:
    for k, it in enumerate(items):
        s = text[it.block.start:it.block.end]
        if _ILLUSTRATION.match(s):
            it.drop = "illustration marker"
        elif k < 4 and _CREDITS.match(s) and len(s) < 600:
            it.drop = "Project Gutenberg credits"


def _drop_contents(text: str, items: list[_Item]) -> None:
    """Mark tables of contents (and lists of illustrations) as dropped."""
    # A chapter heading whose key comes again later is a contents entry.
    seen: set = set()
    repeated = [False] * len(items)
    for k in range(len(items) - 1, -1, -1):
        h = items[k].head
        if h and h.level <= SECTION:
            repeated[k] = h.key in seen
            seen.add(h.key)
    # ... when nothing but a few words follow it before the next heading
    # (chapter numbers may also restart in each volume).
    words_after = [0] * len(items)
    run = 0
    for k in range(len(items) - 1, -1, -1):
        words_after[k] = run
        h = items[k].head
        if h and h.level <= SECTION:
            run = 0
        elif not items[k].drop:
            run += min(len(text[items[k].block.start:items[k].block.end].split()), 100)
    prev_entry = False
    for k, it in enumerate(items):
        if it.drop or not (it.head and it.head.level <= SECTION):
            continue
        if repeated[k] and (words_after[k] <= 15 or prev_entry):
            it.drop = "table of contents"
            prev_entry = words_after[k] <= 15
        elif it.head.level <= CHAPTER:
            break  # the first real chapter
    k = 0
    while k < len(items):
        it = items[k]
        if it.drop or it.block.end - it.block.start > 40 \
                or not _CONTENTS.match(_clean(text[it.block.start:it.block.end])):
            k += 1
            continue
        it.drop = "table of contents"
        j = k + 1
        while j < len(items):
            nxt = items[j]
            if nxt.drop or nxt.block.end - nxt.block.start <= 40 \
                    and _CONTENTS.match(_clean(text[nxt.block.start:nxt.block.end])):
                nxt.drop = nxt.drop or "table of contents"
                j += 1
                continue
            if nxt.head and nxt.head.level <= CHAPTER and not repeated[j]:
                break  # the first real chapter
            if len(text[nxt.block.start:nxt.block.end].split()) > 15:
                # the block before the prose (its heading) is kept
                if j - 1 > k and not repeated[j - 1] and not items[j - 1].drop.startswith("illus"):
                    items[j - 1].drop = ""
                break
            nxt.drop = "table of contents"
            j += 1
        k = j


# --- a collection of tales headed by their titles ---------------------------------

def _tale_line(text: str, it: _Item) -> str | None:
    """A block that could head a tale (``THE SILVER KEY.``): one short line in capitals,
    not a heading of another kind, not shouting (``THE BELL! THE BELL!``), not a
    salutation or a signature (``MY DEAR BROTHER,``). Its key, or None."""
    lines = _lines(text, it.block)
    if it.drop or it.head or len(lines) > 2:
        return None
    line = _tale_title_text(text, it.block)
    letters = [c for c in line if c.isalpha()]
    if len(line) > 80 or len(line.split()) > 12 or len(letters) < 3 or any(c.islower() for c in letters):
        return None
    if not (line[0].isalpha() or line[0].isdigit()) or "!" in line or line.endswith((",", ";", ":")) \
            or line.endswith("?") and len(line.split()) <= 2:
        return None  # shouting (FIRE! WHAT?), a salutation
    return _norm(line) or None


def _tale_title_text(text: str, b: Block) -> str:
    """The title's words on one line (a long title may wrap onto a second)."""
    return " ".join(_clean(text[s:e]) for s, e in _lines(text, b))


def _tale_titles(text: str, items: list[_Item]) -> None:
    """A book with no chapter headings whose shape is a run of tales, each headed by
    its title in capitals and followed by prose, has one chapter per tale.

    The shape is read from the whole book: at least three such titles (or two a
    table of contents lists), each heading a tale of some length, the tales
    making up most of the book. A title is never introduced by a colon (a sign
    read aloud), never followed by a salutation (a letter's heading), and a
    title met again after its tale (in the notes at the end) heads nothing.
    The table of contents listing the titles is dropped."""
    if any(it.head and it.head.level <= CHAPTER for it in items if not it.drop):
        return
    live = [k for k, it in enumerate(items) if not it.drop]
    words = {k: len(text[items[k].block.start:items[k].block.end].split()) for k in live}
    keys = {k: _tale_line(text, items[k]) for k in live}
    starts: list[int] = []
    in_notes: set[int] = set()  # starts after a NOTES heading that follows a tale
    noted = False
    for n, k in enumerate(live):
        key = keys[k]
        noted = noted or bool(starts) and items[k].head is not None and items[k].head.level == NOTE
        if key is None or key in {keys[s] for s in starts}:
            continue
        prev = text[items[live[n - 1]].block.start:items[live[n - 1]].block.end].rstrip() if n else ""
        if prev.endswith((":", ",", "—", "–", "-", "…", "...")) or n and items[live[n - 1]].head:
            continue  # a sign read out, a signature, a sound breaking in; a heading's subtitle (I / THE HAMILTONS)
        for j in live[n + 1:n + 5]:
            nxt = text[items[j].block.start:items[j].block.end].rstrip()
            if keys[j] is not None or items[j].head or words[j] <= 8 and nxt.endswith(","):
                break  # another title, a heading, a salutation
            if words[j] > 20:
                starts.append(k)
                if noted:
                    in_notes.add(k)
                break
    if len(starts) < 2:
        return
    # a table of contents before the first tale: its lines are the titles
    first = live.index(starts[0])
    titles = {keys[k] for k in starts}
    entries = []
    contents = set()
    for k in range(starts[0]):
        if items[k].drop and items[k].drop != "table of contents":
            continue
        lines = [_norm(_PAGE_NUMBER.sub("", _clean(text[a:b]))) for a, b in _lines(text, items[k].block)]
        hits = sum(line in titles for line in lines)
        if hits and (hits >= 2 or len(lines) == 1):
            entries.append((k, hits))
            contents.update(lines)
    listed = sum(h for _, h in entries)
    entries = [(k, h) for k, h in entries if not items[k].drop]
    if listed >= 2:
        # after the notes heading at the end, only what the contents lists is a tale
        starts = [k for k in starts if k not in in_notes or keys[k] in contents]
    if len(starts) < 3 and listed < 2:
        return
    bounds = [live.index(k) for k in starts] + [len(live)]
    tales = [sum(words[k] for k in live[a:b]) for a, b in zip(bounds, bounds[1:])]
    if min(tales) < 50 or sum(tales) < 2 / 3 * sum(words.values()):
        return  # a tale of a few words, or titles that start late: capitals inside one story
    for k in starts:
        line = _FOOTNOTE_AT_END.sub("", _tale_title_text(text, items[k].block)).rstrip(". ")
        items[k].head = Heading(CHAPTER, ("tale", keys[k]), _title_case(line), True)
    if listed >= 2 and entries:
        lo, hi = entries[0][0], max(k for k, _ in entries)
        for n in range(live.index(lo), first):
            # the entries, what sits among them, and a last short entry or two after
            # them (NOTES) when no prose follows (a PREFACE heading is no entry)
            k, nxt = live[n], live[n + 1]
            if k > hi and (any(len(text[a:b].split()) > 6 for a, b in _lines(text, items[k].block))
                           or nxt != starts[0] and words[nxt] > 8):
                break
            items[k].drop = "table of contents"
            items[k].head = None


def _story_opening(text: str, front: list[Block]) -> int | None:
    """Where the story starts among the paragraphs before the first heading, when
    it starts there: front matter is a title page, a dedication, a summary,
    author's notes, disclaimers, contents; prose in which people speak (two
    paragraphs with dialogue at least) is story, an unheaded prologue."""
    k = len(front)
    while k > 0:
        b = front[k - 1]
        para = text[b.start:b.end]
        if b.kind or not (_SPEECH.search(para) or _is_prose(text, b)) or _dedication(text, b):
            break
        k -= 1
    speaking = sum(1 for b in front[k:] if _SPEECH.search(text, b.start, b.end))
    return k if speaking >= 2 else None


def _dedication(text: str, b: Block) -> bool:
    """``For my father, who ...``, ``To Anne``: one short line offered to someone."""
    para = text[b.start:b.end]
    return "\n" not in para.strip() and len(para.split()) <= 25 \
        and bool(re.match(r"(?:to|for|in (?:loving )?memory of|dedicated to)\b", _clean(para), re.I))


def _first_line_title(text: str, items: list[_Item], k: int) -> bool:
    """A short capitalised first line followed by prose (or a chapter) is the book's title."""
    it = items[k]
    if it.head or "\n" in text[it.block.start:it.block.end]:
        return False
    line = _clean(text[it.block.start:it.block.end])
    if len(line) > 80 or len(line.split()) > 10 or not line[:1].isupper() or not _titleish(line):
        return False
    if line[-1] in ",;:!?\"”’'" or line[-1] == "." and not line.isupper() or _dedication(text, it.block):
        return False
    nxt = next((j for j in range(k + 1, len(items)) if not items[j].drop), None)
    if nxt is None:
        return False
    h = items[nxt].head
    return h is not None and h.level <= SECTION or h is None and _is_prose(text, items[nxt].block) \
        and _tale_line(text, items[nxt]) is None


def _title_page(text: str, items: list[_Item], meta: dict):
    """(index of the last title-page item, title, author, title Block, author Block) or None."""
    cands = []
    for k, it in enumerate(items):
        if it.drop:
            continue
        if len(cands) >= 8 or it.head and it.head.level <= CHAPTER and not it.head.key[0] == "md":
            break
        lines = _lines(text, it.block)
        if len(lines) > 6 or any(e - s > 80 for s, e in lines):
            break
        cands.append(k)
    # "Title: X" / "Author: Y" lines (a fan-fiction download's header)
    fields: dict[str, tuple[str, int]] = {}
    for n, k in enumerate(cands[:4]):
        for s, e in _lines(text, items[k].block):
            m = _HEADER_FIELD.match(text[s:e])
            if m:
                fields.setdefault(m.group(1).lower().replace("by", "author"), (_clean(m.group(2)), k))
    if "title" in fields:
        title, tk = fields["title"]
        author, ak = fields.get("author", (meta.get("author"), tk))
        last = max(tk, ak)
        return last, meta.get("title") or title, meta.get("author") or author, \
            Block(items[cands[0]].block.start, items[last].block.end), None
    # "by Author" (or "BY" then the author's name) ends the title page
    for n, k in enumerate(cands):
        lines = _lines(text, items[k].block)
        for li, (s, e) in enumerate(lines):
            m = _BY.match(_clean(text[s:e]))
            if not m or n == 0 and li == 0:
                continue
            who = m.group("who").strip()
            author_k = k
            if not who:
                if li + 1 < len(lines):
                    who = _clean(text[lines[li + 1][0]:lines[li + 1][1]])
                elif n + 1 < len(cands):
                    author_k = cands[n + 1]
                    nl = _lines(text, items[author_k].block)
                    who = _clean(text[nl[0][0]:nl[0][1]])
            if not who or len(who) > 60:
                continue
            title_lines = [_clean(text[a:b]) for kk in cands[:n] for a, b in _lines(text, items[kk].block)]
            title_lines += [_clean(text[a:b]) for a, b in lines[:li]]
            title = meta.get("title") or _title_case(" ".join(title_lines)).lstrip("# ").strip()
            author = meta.get("author") or _title_case(who)
            first = items[cands[0]].block
            tb = Block(first.start, lines[li][0] if li else first.end)
            return author_k, title, author, tb, items[author_k].block
    if cands:
        first = items[cands[0]].block
        lines = _lines(text, first)
        line = text[lines[0][0]:lines[0][1]]
        md = _MARKDOWN.match(line.strip())
        t = meta.get("title")
        top_level = sum(1 for it in items if it.head and it.head.key[-1] == 1 and it.head.key[0] == "md")
        if md and md.group("hashes") == "#" and top_level == 1 \
                or t and _norm(line) and _norm(t).startswith(_norm(line)):
            title = t or _clean(md.group("sub"))
            return cands[0], title, meta.get("author"), first, None
        if _first_line_title(text, items, cands[0]):
            title = _title_case(_clean(text[first.start:first.end])).rstrip(".")
            return cands[0], meta.get("title") or title, meta.get("author"), first, None
    return None


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


def _titleish(s: str) -> bool:
    """ALL CAPS, or every word capitalized but the small ones: a title, not a sentence."""
    words = [w.strip("_*()[]\"“”‘’'.,:;!?") for w in s.split()]
    words = [w for w in words if w and any(c.isalpha() for c in w)]
    return bool(words) and all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL for w in words)


def _title_from_name(name: str) -> str:
    stem = Path(name).stem
    words = re.split(r"[-_\s]+", stem)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "Untitled"
