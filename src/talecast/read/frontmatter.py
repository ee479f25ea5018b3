"""Front matter and boilerplate: the title page, tables of contents, Project Gutenberg's licence, dedications."""
from __future__ import annotations

import re

from ..model import Block
from .headings import CHAPTER, SECTION, _MARKDOWN, _SMALL, _clean, _title_case
from .blocks import (_BY, _CONTENTS, _CREDITS, _HEADER_FIELD, _ILLUSTRATION, _PROSE_END, _SPEECH, _Item, _lines,
                     _norm)
from .tales import _tale_line


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


def _titleish(s: str) -> bool:
    """ALL CAPS, or every word capitalized but the small ones: a title, not a sentence."""
    words = [w.strip("_*()[]\"“”‘’'.,:;!?") for w in s.split()]
    words = [w for w in words if w and any(c.isalpha() for c in w)]
    return bool(words) and all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL for w in words)
