"""Paragraphs to segments: narration, dialogue, notes and breaks, a chapter at a time; the Script of a Document."""
from __future__ import annotations

import re

from .. import model
from ..words import TITLES
from ..model import Block, Chapter, Document, Script, Segment
from .quotes import (_BREAK, _DASH_LINE, _MARKS, _SENTENCE_END, _WORD, DOUBLE, EITHER, MAX_CHARS, OPEN, Quote, _mark_kind,
                     _trim, dash_quotes, find_quotes, quote_style)


# --- segments ------------------------------------------------------------------

def _spans(text: str, s: int, e: int):
    """Split ``text[s:e]`` into speakable pieces of at most MAX_CHARS at sentence ends."""
    s, e = _trim(text, s, e)
    if not _WORD.search(text, s, e):
        return
    if e - s <= MAX_CHARS:
        yield s, e
        return
    piece = s
    last = s
    for m in _SENTENCE_END.finditer(text, s, e):
        if _ABBREVIATION.search(text, max(s, m.start() - 10), m.start()):
            continue  # "Mr. Gardiner", "J. Smith": no sentence ends there
        if m.start() - piece > MAX_CHARS and last > piece:
            yield _trim(text, piece, last)
            piece = last
        last = m.end()
    yield _trim(text, piece, e)


# Abbreviations whose full stop ends no sentence: titles and initials.
_ABBREVIATION = re.compile(rf"(?:\b(?:{'|'.join(TITLES)}|No)"
                           r"|(?<![\w.])[A-HJ-Z])\.$")


def _is_break(text: str, lo: int, hi: int) -> bool:
    return hi - lo <= 80 and "\n" not in text[lo:hi].strip() and bool(_BREAK.match(text, lo, hi))


def paragraph_segments(text: str, block: Block, chapter: int, para: int, kind: str = model.NARRATION,
                       style: str = DOUBLE, continued: bool = False, dashes: bool = True) -> list[Segment]:
    """Narration and dialogue segments of one paragraph, in order.

    ``dashes``: the story writes dialogue with leading dashes."""
    lo, hi = block.start, block.end
    if _is_break(text, lo, hi):
        return [Segment(chapter, model.BREAK, "", lo, hi, None, para)]
    out = []
    pos = lo
    quotes: list[Quote] = []
    if kind == model.NARRATION:
        quotes = [q for q in find_quotes(text, lo, hi, style, continued) if q.speech]
        if not quotes and dashes and not _MARKS[style].search(text, lo, hi):
            quotes = dash_quotes(text, lo, hi)
    for q in quotes:
        for s, e in _spans(text, pos, q.start):
            out.append(Segment(chapter, kind, text[s:e], s, e, None, para))
        for s, e in _spans(text, *q.content):
            out.append(Segment(chapter, model.DIALOGUE, text[s:e], s, e, None, para))
        pos = max(pos, q.end)
    for s, e in _spans(text, pos, hi):
        out.append(Segment(chapter, kind, text[s:e], s, e, None, para))
    return out


def _opens_with_mark(text: str, b: Block | None, style: str) -> bool:
    if b is None or b.kind:
        return False
    return bool(_MARKS[style].match(text, b.start)) and \
        _mark_kind(text, b.start, b.start, b.end, style) in (OPEN, EITHER)


NOTHING_TO_READ = "nothing to read (only symbols or emoji)"


def _body_segments(text: str, blocks, chapter: int, para: int, style: str, skip_notes: bool,
                   note_kind: bool = False, dashes: bool = True, silent: list | None = None):
    """The segments of a run of paragraphs; a paragraph that gives none (``🎉``, ``♥ ♥``:
    no word and no scene break) is added to ``silent`` as dropped."""
    segs: list[Segment] = []
    for j, b in enumerate(blocks):
        if b.kind == "section":
            segs.append(Segment(chapter, model.HEADING, b.label, b.start, b.end, None, para))
            para += 1
            continue
        if note_kind or b.kind == "note":
            got = paragraph_segments(text, b, chapter, para, model.NOTE)
            segs += [s for s in got if s.kind != model.NOTE] if skip_notes else got  # a break stays
        else:
            nxt = blocks[j + 1] if j + 1 < len(blocks) else None
            got = paragraph_segments(text, b, chapter, para, model.NARRATION, style,
                                     _opens_with_mark(text, nxt, style), dashes)
            segs += got
        if not got and silent is not None:
            silent.append((b.start, b.end, NOTHING_TO_READ))
        para += 1
    return segs, para


def segment(doc: Document, skip_notes: bool = False) -> Script:
    """The Script of a Document, speakers not yet decided."""
    text = doc.source
    body = [b for raw in doc.chapters for b in raw.blocks]
    style = quote_style(text, body[0].start, body[-1].end) if body else DOUBLE
    # dash dialogue only in a story that writes it so (more than one dash-led paragraph)
    dashes = sum(1 for b in body if _DASH_LINE.match(text, b.start, b.end)) >= 2
    chapters = []
    silent: list[tuple[int, int, str]] = []
    para = 0
    for n, raw in enumerate(doc.chapters, 1):
        segs: list[Segment] = []
        if n == 1:
            intro = doc.title + (f", by {doc.author}" if doc.author else "")
            span = doc.title_block or Block(0, 0)
            end = (doc.author_block or span).end
            segs.append(Segment(1, model.TITLE, intro, span.start, end, None, para))
            para += 1
            notes, para = _body_segments(text, doc.notes, 1, para, style, skip_notes, note_kind=True,
                                         silent=silent)
            segs += notes
        if raw.heading:
            h = raw.heading
            segs.append(Segment(n, model.HEADING, raw.title, h.start, h.end, None, para))
            para += 1
        body_segs, para = _body_segments(text, raw.blocks, n, para, style, skip_notes, dashes=dashes,
                                         silent=silent)
        segs += body_segs
        chapters.append(Chapter(n, raw.title, tuple(segs)))
    dropped = tuple(sorted((*doc.dropped, *silent))) if silent else doc.dropped
    return Script(doc.title, doc.author, tuple(chapters), text, doc.language, doc.cover, dropped)


# --- invariants ----------------------------------------------------------------

_WORDS = re.compile(r"\w+")


def coverage_problems(script: Script, limit: int = 20) -> list[str]:
    """What breaks the parser's contract, as readable lines (empty when all is well).

    Segments come in reading order without overlapping, and every word of the
    source lies inside exactly one segment's ``start:end`` or one dropped span.
    Spoken narration, dialogue and notes are ``source[start:end]`` itself.
    """
    src = script.source
    problems: list[str] = []
    spans = []
    last_end = 0
    for seg in script.segments:
        if seg.end == seg.start:
            continue
        if seg.start < last_end:
            problems.append(f"segment [{seg.start}:{seg.end}] overlaps or precedes the one before (ends {last_end})")
        last_end = max(last_end, seg.end)
        if seg.kind in (model.NARRATION, model.DIALOGUE, model.NOTE) and seg.text != src[seg.start:seg.end]:
            problems.append(f"segment [{seg.start}:{seg.end}] text is not source[start:end]")
        spans.append((seg.start, seg.end))
    spans += [(s, e) for s, e, _ in script.dropped]
    spans.sort()
    k = 0
    for m in _WORDS.finditer(src):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k == len(spans) or not (spans[k][0] <= m.start() and m.end() <= spans[k][1]):
            problems.append(f"word {m.group()!r} at {m.start()} is in no segment")
        if len(problems) >= limit:
            break
    return problems
