"""A collection of tales headed only by their titles in capitals: one chapter a tale, when the whole book has that shape."""
from __future__ import annotations


from ..model import Block
from .headings import CHAPTER, NOTE, Heading, _clean, _title_case
from .blocks import _FOOTNOTE_AT_END, _PAGE_NUMBER, _Item, _lines, _norm



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
