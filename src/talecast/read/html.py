"""HTML: a saved web page, a Project Gutenberg HTML book, a fan-fiction archive download.

Parsed with lxml's HTML parser (no network, no DTD, no entity expansion beyond
HTML's own, ``huge_tree`` off) after a size check. Scripts, styles, navigation,
forms, images, page numbers and footnote markers are never read. Block
elements make paragraphs; ``<br>`` makes a line break inside one, a paragraph of
nothing but line breaks (or an ``<hr>``) a scene break. Headings make chapters:
the highest heading level that occurs at least twice; a lone heading at the top
is the title. A paragraph that is nothing but links inside the book (a table of
contents) is dropped.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..model import Document
from .assemble import (BREAK_TEXT, BYLINE, CHAPTER, DROP, FRONT, TITLE, Meta, Para, Section, assemble,
                       clean, gutenberg, one_line, speakable)

MAX_HTML_BYTES = 16 * 1024 * 1024  # a bigger page is refused before it is parsed (parsing costs ~20x its size)

SKIP_TAGS = frozenset("""script style noscript template head nav iframe object embed svg math form button select
    textarea canvas audio video map title meta link img picture source track input label area""".split())
BLOCK_TAGS = frozenset("""html body p div section article header footer main aside blockquote li ul ol dl dt dd
    table thead tbody tfoot tr td th caption figure figcaption address center hgroup details summary pre
    h1 h2 h3 h4 h5 h6 hr br""".split())
HEADINGS = {f"h{n}": f"h{n}" for n in range(1, 7)}
NOTE_TYPES = {"footnote", "endnote", "rearnote", "note", "footnotes", "endnotes", "rearnotes",
              "doc-footnote", "doc-endnote", "doc-endnotes", "doc-pagebreak", "pagebreak"}
_NOTEREF_TYPES = {"noteref", "doc-noteref", "biblioref", "doc-biblioref"}
_SKIP_CLASS = re.compile(r"\b(?:pagenum|page-?number|pageno|footnote-?ref|fnref|noteref|screen-reader-text|"
                         r"visually-hidden|sr-only)\b", re.I)
_MARKER = re.compile(r"^\s*[\[(]?\s*(?:\d{1,4}|[ivxlc]{1,6}|[*†‡§¶]{1,3}|[a-z])\s*[\])]?\s*$", re.I)
_EXTERNAL = re.compile(r"^[a-z][\w+.-]*:", re.I)  # a URL with a scheme: outside the book
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
_PG_TITLE = re.compile(r"^(?:The\s+)?Project Gutenberg(?:'s)?\s+(?:e-?Book|EBook)?\s*(?:of\s+)?(.+?)"
                       r"(?:,\s+by\s+(.+))?$", re.I)
_BY = re.compile(r"^\s*by\s+(\S.{0,120})$", re.I)


def decode_markup(data: bytes, name: str) -> str:
    """Markup bytes as text: BOM, then a declared charset, then UTF-8, then a guess."""
    from .decoding import decode

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode(data, name)
    m = _META_CHARSET.search(data[:4096]) or re.search(rb"""<\?xml[^>]+encoding=["']([\w-]+)""", data[:200])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode(data, name)


def parse_markup(text: str, name: str) -> etree._Element:
    """An lxml tree of HTML or XHTML text, parsed without network, DTDs or huge-tree mode."""
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  huge_tree=False, default_doctype=False)
    try:
        root = lxml_html.document_fromstring(_XML_DECL.sub("", text, count=1) or "<html></html>", parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: not readable HTML ({exc})") from None
    for el in root.iter():  # XHTML namespaces: compare plain tag names
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    return root


def _types(el) -> set[str]:
    values = " ".join(v for k, v in el.attrib.items() if k in ("epub:type", "role") or k.endswith("}type"))
    return set(values.lower().split())


def _is_marker(el) -> bool:
    """A footnote reference: noteref type, a footnote class, or a short in-book link like [3]."""
    if _types(el) & _NOTEREF_TYPES:
        return True
    if _SKIP_CLASS.search(el.get("class", "")):
        return True
    if el.tag not in ("a", "sup"):
        return False
    text = el.text_content()
    if not _MARKER.match(text):
        return False
    if el.tag == "a":  # a short link to a place in the book: [3], *, iv
        href = el.get("href", "")
        return "#" in href and not _EXTERNAL.match(href)
    # <sup>: with a link inside, or a bracketed number or a note symbol (not m², not 1st)
    return el.find(".//a") is not None or re.match(r"^\s*(?:\[.*\]|[*†‡§¶]+)\s*$", text) is not None


class Extractor:
    """Walks a parsed document and collects paragraphs, remembering where ids occur."""

    def __init__(self):
        self.paras: list[Para] = []
        self.anchors: dict[str, int] = {}
        self._buf: list[str] = []
        self._link_chars = 0     # characters of the buffer inside in-book links
        self._kinds: list[str] = []

    def extract(self, root) -> "Extractor":
        body = root.find(".//body")
        walker = etree.iterwalk(body if body is not None else root, events=("start", "end"))
        link_depth = 0
        pre_depth = 0
        skipped = None
        for event, el in walker:
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                for key in ("id", "name"):
                    if el.get(key) and el.get(key) not in self.anchors:
                        self.anchors[el.get(key)] = len(self.paras)
                if tag in SKIP_TAGS or not tag or _types(el) & NOTE_TYPES or _is_marker(el) \
                        or el.get("hidden") is not None or el.get("aria-hidden") == "true":
                    walker.skip_subtree()
                    skipped = el
                    continue
                if tag in BLOCK_TAGS:
                    if tag == "br":
                        self._buf.append("\n")
                    else:
                        self.flush()
                        if tag == "hr":
                            self.paras.append(Para(BREAK_TEXT, "break"))
                    if tag in ("td", "th"):
                        self._buf.append(" ")
                    self._kinds.append(HEADINGS.get(tag, "pre" if tag == "pre" else "p"))
                if tag == "pre":
                    pre_depth += 1
                internal = tag == "a" and el.get("href") and not _EXTERNAL.match(el.get("href"))
                if internal:
                    link_depth += 1
                if el.text:
                    self._add(el.text, link_depth > 0, pre_depth > 0)
            else:
                if el is skipped:
                    skipped = None
                else:
                    if tag == "a" and el.get("href") and not _EXTERNAL.match(el.get("href")):
                        link_depth -= 1
                    if tag == "pre":
                        pre_depth -= 1
                    if tag in BLOCK_TAGS and tag != "br":
                        self.flush()
                    if tag in BLOCK_TAGS:
                        self._kinds.pop()
                if el.tail:
                    self._add(el.tail, link_depth > 0, pre_depth > 0)
        self.flush()
        return self

    def _add(self, text: str, in_link: bool, pre: bool) -> None:
        if pre:
            text = text.replace("\r\n", "\n")
            text = "\n".join(line if line.strip() else "\n" for line in text.split("\n"))
        else:
            text = re.sub(r"[\n\r\t]+", " ", text)
        self._buf.append(text)
        if in_link:
            self._link_chars += len(text.strip())

    def flush(self) -> None:
        raw = "".join(self._buf)
        links = self._link_chars
        self._buf, self._link_chars = [], 0
        kind = next((k for k in reversed(self._kinds) if k != "p"), "p") if self._kinds else "p"
        if kind == "pre":
            # Preformatted text: one paragraph per blank-line-separated run.
            for chunk in re.split(r"\n\s*\n", raw):
                self._emit(clean(chunk), "p", 0)
            return
        if not raw.strip() and raw.count("\n") >= 2:
            self.paras.append(Para(BREAK_TEXT, "break"))  # a paragraph of nothing but <br>s
            return
        if re.search(r"\n\s*\n", raw) and kind == "p":
            for chunk in re.split(r"\n\s*\n", raw):  # <br><br> inside a paragraph: two paragraphs
                self._emit(clean(chunk), "p", 0)
            return
        self._emit(clean(raw), kind, links)

    def _emit(self, text: str, kind: str, links: int) -> None:
        if not text:
            return
        if not speakable(text) and kind != "break":
            if re.fullmatch(r"(?:[*~#=_+•·-]\s*){3,}|\*", text):
                self.paras.append(Para(BREAK_TEXT, "break"))
            return
        chars = len(re.sub(r"\s", "", text))
        if links and links >= chars * 0.9:
            kind = "toc"  # a line of in-book links: a table of contents
        self.paras.append(Para(text, kind))


def extract(root) -> Extractor:
    """The paragraphs and anchors of a parsed HTML document."""
    return Extractor().extract(root)


def _meta(root, *names: str) -> str | None:
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or "").lower()
        if key in names and el.get("content", "").strip():
            return el.get("content").strip()
    return None


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def read(path: Path) -> Document:
    """Read an HTML story file."""
    from .decoding import read_limited

    root = parse_markup(decode_markup(read_limited(path, MAX_HTML_BYTES, "HTML file "), str(path)), str(path))
    return document(root, str(path))


def document(root, name: str, meta: Meta | None = None) -> Document:
    """The Document of one parsed HTML page."""
    meta = meta or Meta()
    page_title = one_line(root.findtext(".//title") or "")
    title = _meta(root, "dc.title", "dcterms.title", "og:title", "title")
    author = _meta(root, "author", "dc.creator", "dcterms.creator", "article:author", "book:author")
    language = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") \
        or _meta(root, "dc.language", "language")
    if page_title:
        m = _PG_TITLE.match(page_title)
        if m and "gutenberg" in page_title.lower():
            title = title or m.group(1)
            author = author or m.group(2)
    byline_el = root.find(".//*[@rel='author']")
    if author is None and byline_el is not None and byline_el.text_content().strip():
        author = byline_el.text_content().strip()

    ex = extract(root)
    paras = ex.paras
    sections: list[Section] = []
    start, end, fields = gutenberg(paras)
    title = title or fields.get("title")
    author = author or fields.get("author")
    language = language or fields.get("language")
    if start is not None:
        sections.append(Section(DROP, None, paras[: start + 1], "Project Gutenberg header"))
    tail = Section(DROP, None, paras[end:], "Project Gutenberg licence") if end is not None else None
    body = paras[(start + 1 if start is not None else 0): end]

    # The title and the byline as printed at the top.
    h1s = [p for p in body if p.level == 1]
    title = title or (h1s[0].text if len(h1s) == 1 else None) or page_title
    i = 0
    for j, p in enumerate(body[:6]):
        if p.kind == "break":
            continue
        if title and _norm(p.text) == _norm(title) and i == 0:
            sections.append(Section(DROP, None, body[i:j], "before the title"))
            sections.append(Section(TITLE, None, [p]))
            i = j + 1
        elif _BY.match(p.text) and (i or j == 0 or title is None):
            author = author or _BY.match(p.text).group(1).strip()
            sections.append(Section(BYLINE, None, [p]))
            i = j + 1
            break
        elif i:
            break
    body = body[i:]
    body_sections = chapters(body, title)
    sections += body_sections
    if tail:
        sections.append(tail)
    return assemble(sections, Meta(meta.title or title, meta.author or author,
                                   meta.language or language, meta.cover), name)


def chapters(paras: list[Para], title: str | None) -> list[Section]:
    """Split paragraphs into sections at headings of the chapter level.

    The chapter level is the highest heading level used at least twice. Before
    the first chapter heading is front matter; ``toc`` paragraphs are dropped.
    """
    levels = [p.level for p in paras if p.level]
    counts = {lv: levels.count(lv) for lv in set(levels)}
    repeated = [lv for lv, n in counts.items() if n >= 2]
    if not repeated:
        first = next((k for k, p in enumerate(paras) if p.kind != "break"), None)
        heading = paras[first].text if first is not None and paras[first].level else None
        return [Section(CHAPTER, heading or title, list(paras))]
    level = min(repeated)
    out = [Section(FRONT)]
    for p in paras:
        if p.level == level:
            out.append(Section(CHAPTER, p.text))
        out[-1].paras.append(p)
    return out
