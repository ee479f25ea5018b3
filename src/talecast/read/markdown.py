"""Markdown drafts: ``#`` headings are chapters, emphasis marks thoughts and stress.

A small reader of the Markdown people write stories in (ATX and setext headings,
paragraphs, block quotes, lists, rules, code, links, images, footnotes, HTML
comments, a YAML front-matter block for title and author): no dependency. The
markup is removed from the text; what ``*...*``/``_..._`` covered is recorded
as a style span: ``thought`` when the emphasis is a clause or more (four words,
or ending a sentence), ``stress`` for a word or two and for ``**strong**``.
``apply_styles`` then splits the Script's segments at those spans.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..model import DIALOGUE, NARRATION, NOTE, Chapter, Script, Style
from ..model import Document
from .assemble import BREAK_TEXT, BYLINE, TITLE, Meta, Para, Section, assemble

THOUGHT, STRESS = Style.THOUGHT, Style.STRESS
MAX_MD_BYTES = 16 * 1024 * 1024

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_YAML_FIELD = re.compile(r"^(title|author|lang|language):\s*[\"']?(.*?)[\"']?\s*$", re.M | re.I)
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LIST = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE = re.compile(r"^ {0,3}> ?")
_FOOTDEF = re.compile(r"^ {0,3}\[\^[^\]]+\]:")
_LINKDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BY = re.compile(r"^\s*by\s+(\S.{0,120})$", re.I)
_WORD = re.compile(r"\w+")

# Inline markup, in order of precedence.
_INLINE = re.compile(
    r"(?P<esc>\\[\\`*_{}\[\]()#+\-.!>~|\"'])"
    r"|(?P<code>`+)(?P<codetext>.+?)(?P=code)"
    r"|(?P<image>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<footref>\[\^[^\]]+\])"
    r"|\[(?P<linktext>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\])"
    r"|(?P<autolink><(?:https?|mailto):[^>\s]+>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<strong>(?<![\w*])\*\*(?=\S)(?P<st1>.+?)(?<=\S)\*\*(?![\w*])|(?<![\w_])__(?=\S)(?P<st2>.+?)(?<=\S)__(?![\w_]))"
    r"|(?P<em>(?<![\w*])\*(?=[^\s*])(?P<em1>.+?)(?<=[^\s*\\])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(?P<em2>.+?)(?<=[^\s_\\])_(?![\w_]))",
    re.S,
)


def inline(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text of a Markdown paragraph, and its emphasis spans (offsets into that text)."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0

    def length() -> int:
        return sum(len(s) for s in out)

    for m in _INLINE.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        if m.group("esc"):
            out.append(m.group("esc")[1])
        elif m.group("code"):
            out.append(m.group("codetext").strip())
        elif m.group("linktext"):
            inner, inner_spans = inline(m.group("linktext"))
            base = length()
            out.append(inner)
            spans += [(base + s, base + e, st) for s, e, st in inner_spans]
        elif m.group("autolink"):
            out.append(m.group("autolink")[1:-1])
        elif m.group("strong") or m.group("em"):
            body = m.group("st1") or m.group("st2") or m.group("em1") or m.group("em2")
            inner, inner_spans = inline(body)
            base = length()
            out.append(inner)
            style = STRESS if m.group("strong") else _style(inner)
            spans.append((base, base + len(inner), style))
            spans += [(base + s, base + e, st) for s, e, st in inner_spans if (s, e) != (0, len(inner))]
        # images, footnote references and inline HTML tags are not read
    out.append(text[pos:])
    plain = "".join(out)
    # Collapse spaces (keeping line breaks), moving the spans with the text.
    keep = []
    for i, ch in enumerate(plain):
        if ch in " \t" and (not keep or plain[keep[-1]] in " \t\n" or i + 1 == len(plain) or plain[i + 1] in "\n"):
            continue
        keep.append(i)
    new_index = {old: new for new, old in enumerate(keep)}
    collapsed = "".join(plain[i] for i in keep).strip()
    lead = len("".join(plain[i] for i in keep)) - len("".join(plain[i] for i in keep).lstrip())

    def remap(off: int) -> int:
        while off < len(plain) and off not in new_index:
            off += 1
        return max(0, min(len(collapsed), (new_index[off] if off in new_index else len(keep)) - lead))

    out_spans = []
    for s, e, st in spans:
        ns, ne = remap(s), remap(e)
        while ns < ne and collapsed[ns].isspace():
            ns += 1
        while ne > ns and collapsed[ne - 1].isspace():
            ne -= 1
        if ne > ns:
            out_spans.append((ns, ne, st))
    return collapsed, out_spans


def _style(text: str) -> str:
    """``thought`` for a clause or more, ``stress`` for a word or two."""
    words = _WORD.findall(text)
    if len(words) >= 4 or (len(words) >= 2 and text.rstrip("\"”’'*_) ").endswith((".", "?", "!", "…"))):
        return THOUGHT
    return STRESS


def blocks(text: str) -> tuple[dict[str, str], list[Para]]:
    """Front-matter fields and the paragraphs of a Markdown document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    fields: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        for f in _YAML_FIELD.finditer(m.group(1)):
            fields.setdefault(f.group(1).lower().replace("lang", "language").replace("languageuage", "language"),
                              f.group(2))
        text = text[m.end():]
    text = _COMMENT.sub("", text)
    paras: list[Para] = []
    buf: list[str] = []
    fence = None

    def flush():
        if buf:
            plain, spans = inline("\n".join(buf))
            if plain:
                paras.append(Para(plain, "p", spans))
            buf.clear()

    lines = text.split("\n")
    for n, line in enumerate(lines):
        if fence:
            if line.strip().startswith(fence):
                fence = None
                flush()
            else:
                buf.append(line.replace("*", "\\*").replace("_", "\\_"))
            continue
        f = _FENCE.match(line)
        if f:
            flush()
            fence = f.group(1)
            continue
        if not line.strip():
            flush()
            continue
        h = _ATX.match(line)
        if h:
            flush()
            plain, _spans = inline(h.group(2))
            if plain:
                paras.append(Para(plain, f"h{len(h.group(1))}"))
            continue
        s = _SETEXT.match(line)
        if s and len(buf) == 1 and not _LIST.match(buf[0]):
            plain, _spans = inline(buf[0])
            buf.clear()
            if plain:
                paras.append(Para(plain, "h1" if s.group(1)[0] == "=" else "h2"))
            continue
        if _RULE.match(line):
            flush()
            paras.append(Para(BREAK_TEXT, "break"))
            continue
        if _FOOTDEF.match(line) or _LINKDEF.match(line):
            flush()
            continue
        q = _QUOTE.match(line)
        if q:
            line = line[q.end():]
            if not line.strip():
                flush()
                continue
        li = _LIST.match(line)
        if li:
            flush()
            line = line[li.end():]
        buf.append(line.strip())
    flush()
    return fields, paras


def read(path: Path) -> Document:
    """Read a Markdown story file."""
    from .decoding import decode, read_limited

    return document(decode(read_limited(path, MAX_MD_BYTES, "Markdown file "), str(path)), str(path))


def document(text: str, name: str = "story.md") -> Document:
    """The Document of Markdown text."""
    from .html import chapters

    fields, paras = blocks(text)
    title, author = fields.get("title"), fields.get("author")
    sections: list[Section] = []
    # A lone top-level heading first is the title; "by Someone" under it the byline.
    levels = [p.level for p in paras if p.level]
    if paras and paras[0].level and levels.count(paras[0].level) == 1 and len(levels) > 1:
        title = title or paras[0].text
        sections.append(Section(TITLE, None, [paras.pop(0)]))
    if paras and paras[0].kind == "p" and _BY.match(paras[0].text) and "\n" not in paras[0].text:
        author = author or _BY.match(paras[0].text).group(1).strip()
        sections.append(Section(BYLINE, None, [paras.pop(0)]))
    sections += chapters(paras, title)
    return assemble(sections, Meta(title, author, fields.get("language")), name)


def apply_styles(script: Script, spans) -> Script:
    """Split segments at the style spans a reader recorded and mark the pieces.

    ``spans`` are ``(start, end, style)`` offsets into ``script.source``. A
    segment whose text overlaps a span is cut at the span's ends; the piece
    inside gets ``style``, the rest keep theirs. Pieces with no letters or digits
    (a stray comma or quotation mark) stay with their neighbour. Segments whose
    text is not ``source[start:end]`` (titles, headings) are left alone.
    """
    if not spans:
        return script
    spans = sorted(spans)
    source = script.source
    chapters = []
    for ch in script.chapters:
        segs = []
        for seg in ch.segments:
            if seg.kind not in (NARRATION, DIALOGUE, NOTE) or source[seg.start:seg.end] != seg.text:
                segs.append(seg)
                continue
            segs += _split(seg, source, [s for s in spans if s[0] < seg.end and s[1] > seg.start])
        chapters.append(Chapter(ch.index, ch.title, tuple(segs)))
    return replace(script, chapters=tuple(chapters))


def _split(seg, source: str, spans):
    if not spans:
        return [seg]
    cuts = []  # (start, end, style)
    pos = seg.start
    for s, e, style in spans:
        s, e = max(s, seg.start, pos), min(e, seg.end)
        if e <= s:
            continue
        if s > pos:
            cuts.append([pos, s, seg.style])
        cuts.append([s, e, style])
        pos = e
    if pos < seg.end:
        cuts.append([pos, seg.end, seg.style])
    # Pieces without a letter or digit join the piece before (or after) them.
    merged: list[list] = []
    for c in cuts:
        if not _WORD.search(source, c[0], c[1]):
            if merged:
                merged[-1][1] = c[1]
                continue
        if merged and not _WORD.search(source, merged[-1][0], merged[-1][1]):
            c[0] = merged.pop()[0]
        merged.append(c)
    out = []
    for s, e, style in merged:
        while s < e and source[s].isspace():
            s += 1
        while e > s and source[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(replace(seg, text=source[s:e], start=s, end=e, style=style))
    return out
