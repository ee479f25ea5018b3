"""Segment a Document into a Script: narration, dialogue, notes, breaks.

Quotation marks are classified by what flanks them (like Markdown's emphasis
rules): a mark after space and before a letter opens, a mark after a letter or
punctuation and before space closes. A closing mark with no opening mark
recovers backwards to the start of the speech; an opening mark with no closing
mark runs to the end of its paragraph. Quoted words inside narration (scare
quotes) stay narration: a quotation is speech when its words end in
punctuation, stand alone as a paragraph, or sit in a speech frame.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import model
from .model import Chapter, Script, Segment
from .reader import Block, Document

OPEN, CLOSE, EITHER = "open", "close", "either"
_MARKS = re.compile(r"[\"“”]")
_WORD = re.compile(r"\w", re.UNICODE)
_BREAK = re.compile(r"^\s*(?:([*~#=_+•·-])\s*){3,}$|^\s*(?:\*\s*){1,}$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+")
_SPEECH_END = tuple(".,!?;:…-—–")
SPEECH_VERBS = (
    "said|says|say|asked|asks|ask|replied|replies|answered|cried|shouted|whispered|murmured|"
    "muttered|called|added|continued|exclaimed|yelled|screamed|promised|told|tells|began|"
    "declared|insisted|agreed|snapped|sighed|laughed|breathed|gasped|growled|hissed|groaned|"
    "demanded|interrupted|repeated|returned|observed|remarked|rejoined|protested|admitted|"
    "suggested|explained|responded|retorted|went on|pleaded|begged|sobbed|mumbled|stammered|"
    "whimpered|wondered|inquired|enquired|nodded|grinned|smiled|sneered|warned|urged|offered"
)
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.IGNORECASE)
_FRAME_AFTER = re.compile(
    rf"^[\s,]*(?:(?:[A-Z][\w.'’-]*|he|she|they|I|we)(?:\s+[A-Z][\w'’-]*)?\s+(?:\w+ly\s+)?(?:{SPEECH_VERBS})"
    rf"|(?:{SPEECH_VERBS})\s+(?:[A-Z]\w*|he|she|they|I|we))\b",
    re.IGNORECASE,
)
_FRAME_BEFORE = re.compile(rf"(?:\b(?:{SPEECH_VERBS})\b[^.!?\"“”]{{0,30}}[,:]|:)\s*$", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\b(?:he|she|his|her|him|hers|they|them|their)\b", re.IGNORECASE)
MAX_CHARS = 400  # longer narration is split at sentence ends (pyttsx3 grows bytes quadratically)


@dataclass(frozen=True)
class Quote:
    start: int          # the opening mark (or where the speech starts when it is missing)
    end: int            # just past the closing mark (or the paragraph end)
    content: tuple[int, int]
    speech: bool


def _mark_kind(text: str, i: int, lo: int, hi: int) -> str:
    ch = text[i]
    if ch == "“":
        return OPEN
    if ch == "”":
        return CLOSE
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    prev_open = prev.isspace() or prev in "([{—–-/"
    next_open = nxt.isspace() or nxt in ".,;:!?)]}—–-"
    if prev_open and not next_open:
        return OPEN
    if next_open and not prev_open:
        return CLOSE
    return EITHER


def find_quotes(text: str, lo: int, hi: int) -> list[Quote]:
    """Quotations in the paragraph ``text[lo:hi]``, in order, not overlapping."""
    quotes: list[Quote] = []
    opened: int | None = None
    floor = lo  # speech recovered backwards may not cross an earlier quotation
    for m in _MARKS.finditer(text, lo, hi):
        i = m.start()
        kind = _mark_kind(text, i, lo, hi)
        if opened is None:
            if kind == CLOSE:
                s = _recover_start(text, floor, i)
                quotes.append(Quote(s, i + 1, _trim(text, s, i), True))
                floor = i + 1
            else:
                opened = i
        elif kind == OPEN:
            # A doubled opening mark or a missing closing one: the earlier
            # quotation ends at its paragraph's last sentence before this mark.
            quotes.append(_make(text, opened, i, i, lo, hi, closed=False))
            opened = i
        else:
            quotes.append(_make(text, opened, i, i + 1, lo, hi, closed=True))
            opened = None
            floor = i + 1
    if opened is not None:
        quotes.append(_make(text, opened, hi, hi, lo, hi, closed=False))
    return quotes


def _make(text, o, c, end, lo, hi, closed) -> Quote:
    content = _trim(text, o + 1, c)
    return Quote(o, end, content, _is_speech(text, o, end, content, lo, hi, closed))


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _recover_start(text: str, floor: int, close: int) -> int:
    """Where speech ends at ``close`` began when its opening mark is missing.

    Walk back sentence by sentence; a sentence in the third person (he, she,
    they...) is narration and stops the walk. At least one sentence is speech.
    """
    region = text[floor:close]
    cuts = [floor] + [floor + m.end() for m in _SENTENCE_END.finditer(region)]
    start = cuts[-1]
    for k in range(len(cuts) - 1, 0, -1):
        sentence = text[cuts[k - 1]:cuts[k]]
        if _THIRD_PERSON.search(sentence) or not _WORD.search(sentence):
            break
        start = cuts[k - 1]
    while start < close and text[start].isspace():
        start += 1
    return start


def _is_speech(text, o, end, content, lo, hi, closed) -> bool:
    words = text[content[0]:content[1]]
    if not _WORD.search(words):
        return False
    if not closed:
        return True
    if words.rstrip().endswith(_SPEECH_END):
        return True
    before = text[lo:o]
    after = text[end:hi]
    if not before.strip() and not after.strip(" \t\n.!?"):
        return True  # the whole paragraph
    if _FRAME_AFTER.match(after) or _FRAME_BEFORE.search(before):
        return True
    # British style puts the full stop outside: a long quotation followed by one
    # is speech; a short one is a quoted word or phrase inside narration.
    return len(words.split()) >= 6 and re.match(r"^[.!?]", after) is not None


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
        if m.start() - piece > MAX_CHARS and last > piece:
            yield _trim(text, piece, last)
            piece = last
        last = m.end()
    yield _trim(text, piece, e)


def paragraph_segments(text: str, block: Block, chapter: int, para: int, kind: str = model.NARRATION):
    """Narration and dialogue segments of one paragraph, in order."""
    lo, hi = block.start, block.end
    if _BREAK.match(text[lo:hi]):
        return [Segment(chapter, model.BREAK, "", lo, hi, None, para)]
    out = []
    pos = lo
    quotes = [q for q in find_quotes(text, lo, hi) if q.speech] if kind == model.NARRATION else []
    for q in quotes:
        for s, e in _spans(text, pos, q.start):
            out.append(Segment(chapter, kind, text[s:e], s, e, None, para))
        for s, e in _spans(text, *q.content):
            out.append(Segment(chapter, model.DIALOGUE, text[s:e], s, e, None, para))
        pos = q.end
    for s, e in _spans(text, pos, hi):
        out.append(Segment(chapter, kind, text[s:e], s, e, None, para))
    return out


def segment(doc: Document, skip_notes: bool = False) -> Script:
    """The Script of a Document, speakers not yet decided."""
    text = doc.source
    chapters = []
    para = 0
    for n, raw in enumerate(doc.chapters, 1):
        segs: list[Segment] = []
        if n == 1:
            intro = doc.title + (f", by {doc.author}" if doc.author else "")
            span = doc.title_block or Block(0, 0)
            end = (doc.author_block or span).end
            segs.append(Segment(1, model.TITLE, intro, span.start, end, None, para))
            para += 1
            if not skip_notes:
                for b in doc.notes:
                    segs += paragraph_segments(text, b, 1, para, model.NOTE)
                    para += 1
        if raw.heading:
            h = raw.heading
            segs.append(Segment(n, model.HEADING, raw.title, h.start, h.end, None, para))
            para += 1
        for b in raw.blocks:
            segs += paragraph_segments(text, b, n, para)
            para += 1
        chapters.append(Chapter(n, raw.title, tuple(segs)))
    return Script(doc.title, doc.author, tuple(chapters), text, doc.language, doc.cover, doc.dropped)
