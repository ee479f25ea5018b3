"""EPUB 2 and 3: a zip from the internet, checked before anything is read.

The archive is refused when an entry name is absolute or climbs out with
``..``, when it would unpack to more than ``MAX_TOTAL`` bytes or an entry
compresses suspiciously well (a zip bomb), when it is encrypted (DRM), and when
it is not an EPUB at all. Nothing is ever extracted to disk. ebooklib then reads
the package (metadata, manifest, spine, nav or NCX); every content document is
parsed with lxml's HTML parser (see ``read.html``).

Chapters follow the spine, cut where the table of contents points (top-level
entries, and nested ones that open a file of their own) and named by it. Cover,
title page, table of contents, copyright, colophon and licence pages are
dropped; other front matter (preface, epigraph, introduction...) becomes notes.
Project Gutenberg's header and licence are dropped.
"""
from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ..errors import InputError
from ..model import Document
from .assemble import CHAPTER, DROP, FRONT, Meta, Para, Section, assemble, gutenberg, one_line
from .html import MAX_HTML_BYTES, decode_markup, extract, parse_markup

MAX_TOTAL = 256 * 1024 * 1024      # uncompressed bytes of the whole archive (ebooklib holds it all)
MAX_ENTRY = 64 * 1024 * 1024       # uncompressed bytes of any one entry
MAX_RATIO = 100                    # uncompressed/compressed, for entries over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 20000
MAX_COVER = 16 * 1024 * 1024

FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
DRM_FILES = {"meta-inf/rights.xml": "Adobe/Barnes & Noble DRM", "meta-inf/sinf.xml": "Apple FairPlay DRM"}

DROP_TYPES = {"cover", "titlepage", "halftitlepage", "toc", "landmarks", "loi", "lot", "page-list", "copyright-page",
              "colophon", "imprint", "imprimatur", "errata", "index", "footnotes", "endnotes", "rearnotes",
              "seriespage", "credits", "other-credits", "contributors", "acknowledgments", "license", "licence"}
FRONT_TYPES = {"frontmatter", "preface", "foreword", "introduction", "epigraph", "dedication", "preamble",
               "abstract"}
GUIDE_DROP = {"cover", "title-page", "toc", "copyright-page", "colophon", "index", "loi", "lot", "notes"}
GUIDE_FRONT = {"preface", "foreword", "dedication", "epigraph"}
_DROP_LABEL = re.compile(
    r"^(?:(?:table of )?contents|toc|cover(?: page)?|title ?page|half ?title(?: page)?|copyright(?: page| notice)?"
    r"|colophon|imprint|index|frontispiece|(?:foot|end)notes|acknowledge?ments?|newsletter|praise for\b.*"
    r"|list of (?:illustrations|figures|tables|maps)|illustrations"
    r"|(?:also|other (?:books|titles|works)|more books) by\b.*|about (?:the|this) (?:author|e-?book|edition|publisher)"
    r"|.*\blicen[cs]e\b.*|.*project gutenberg.*|transcriber'?s? notes?:?)$", re.I)
_FRONT_LABEL = re.compile(r"^(?:preface|foreword|introduction|epigraph|dedication|note to the reader)\b", re.I)
_LICENCE_TEXT = re.compile(r"Project Gutenberg(?:-tm)? License|Creative Commons Attribution|"
                           r"Full Project Gutenberg", re.I)


@dataclass(frozen=True)
class Mark:
    spine: int        # index into the list of spine documents
    para: int         # paragraph where the entry's target starts
    label: str


def _size(n: int) -> str:
    """A limit as the documentation gives it: ``256 MiB``."""
    return f"{n // (1024 * 1024)} MiB" if n % (1024 * 1024) == 0 else f"{n} bytes"


def check_archive(path: Path) -> None:
    """Refuse what must not be read: not a zip, unsafe names, zip bombs, DRM, not an EPUB."""
    name = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not an EPUB (an EPUB is a zip archive, and this file is not one)") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise InputError(f"{name}: refused: {len(infos)} entries in the archive (the limit is {MAX_ENTRIES})")
        total = 0
        names = set()
        for info in infos:
            entry = info.filename
            parts = entry.replace("\\", "/").split("/")
            if entry.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", entry) or "\x00" in entry:
                raise InputError(f"{name}: refused: the archive has an entry with an absolute name ({entry!r})")
            if ".." in parts:
                raise InputError(f"{name}: refused: the archive has an entry that climbs out of it ({entry!r})")
            if info.flag_bits & 0x1:
                raise InputError(f"{name}: this book is encrypted (DRM-protected); talecast can only read "
                                 "DRM-free EPUBs")
            size = info.file_size
            total += size
            if size > MAX_ENTRY:
                raise InputError(f"{name}: refused: {entry!r} unpacks to more than {_size(MAX_ENTRY)} "
                                 "(the limit for one entry; a zip bomb?)")
            if total > MAX_TOTAL:
                raise InputError(f"{name}: refused: the archive unpacks to more than {_size(MAX_TOTAL)} "
                                 "(a zip bomb?)")
            if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(f"{name}: refused: {entry!r} compresses {size // max(info.compress_size, 1)}:1 "
                                 "(a zip bomb?)")
            names.add(entry.lower())
        for info in infos:  # the sizes above are what the archive claims; inflate to be sure
            _check_inflated(zf, info, name)
        if "meta-inf/container.xml" not in names:
            raise InputError(f"{name}: not an EPUB (the zip archive has no META-INF/container.xml)")
        if "mimetype" in names:
            mimetype = zf.read(next(i for i in infos if i.filename.lower() == "mimetype"))[:100]
            if mimetype.strip() != b"application/epub+zip":
                raise InputError(f"{name}: not an EPUB (its mimetype is {mimetype.strip().decode('latin-1')!r})")
        for drm, what in DRM_FILES.items():
            if drm in names:
                raise InputError(f"{name}: this book is DRM-protected ({what}); talecast can only read DRM-free EPUBs")
        if "meta-inf/encryption.xml" in names:
            _check_encryption(zf.read(next(i for i in infos if i.filename.lower() == "meta-inf/encryption.xml")),
                              name)


def _package_dtd(path: Path) -> str | None:
    """The name of the package document (OPF) when it has a DTD; its entities are never expanded,
    and where they stand the EPUB library finds objects it cannot read (an AttributeError)."""
    with contextlib.suppress(Exception), zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        container = next(i for i in infos if i.filename.lower() == "meta-inf/container.xml")
        for ref in re.findall(rb'full-path\s*=\s*["\']([^"\']+)["\']', zf.read(container)):
            opf = next((i for i in infos if i.filename == ref.decode("utf-8", "replace")), None)
            if opf is not None and re.search(rb"<!DOCTYPE|<!ENTITY", zf.read(opf)[:65536]):
                return opf.filename
    return None


def _check_inflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Inflate ``info`` a piece at a time and refuse it when it unpacks to more than
    ``MAX_ENTRY`` bytes or to another size than the archive declares (an entry that
    under-reports its size would otherwise be inflated whole, gigabytes, by the reader)."""
    if info.is_dir():
        return
    n = 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(1 << 16):
                n += len(chunk)
                if n > MAX_ENTRY:
                    break
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise InputError(f"{name}: refused: {info.filename!r} does not unpack to the {info.file_size} bytes "
                         f"the archive declares ({exc}; damaged, or a zip bomb?)") from None
    if n > MAX_ENTRY:
        raise InputError(f"{name}: refused: {info.filename!r} unpacks to more than {_size(MAX_ENTRY)} "
                         "(the limit for one entry; a zip bomb?)")
    if n != info.file_size:
        raise InputError(f"{name}: refused: {info.filename!r} does not unpack to the {info.file_size} bytes "
                         "the archive declares (damaged, or a zip bomb?)")


def _check_encryption(data: bytes, name: str) -> None:
    """Only font obfuscation is allowed; anything else encrypted means DRM."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise InputError(f"{name}: this book is encrypted (unreadable META-INF/encryption.xml); "
                         "talecast can only read DRM-free EPUBs") from None
    algorithms = {el.get("Algorithm") for el in root.iter() if isinstance(el.tag, str)
                  and el.tag.endswith("EncryptionMethod")}
    if algorithms - FONT_OBFUSCATION:
        raise InputError(f"{name}: this book is encrypted (DRM-protected); talecast can only read DRM-free EPUBs")


def read(path: Path) -> Document:
    """Read an EPUB 2 or 3 file into a Document."""
    import ebooklib
    from ebooklib import epub

    check_archive(path)
    try:
        book = epub.read_epub(str(path), {"ignore_ncx": True})
    except InputError:
        raise
    except Exception as exc:  # ebooklib raises KeyError, EpubException, XML errors ... on broken books
        opf = _package_dtd(path)
        if opf:
            raise InputError(f"{path}: its package document ({opf}) has a DTD (<!DOCTYPE or <!ENTITY), "
                             "which EPUB does not allow and talecast does not read") from None
        raise InputError(f"{path}: not a readable EPUB ({type(exc).__name__}: {exc})") from None
    meta = Meta(_dc(book, "title"), _authors(book), _dc(book, "language"), None)

    docs = []      # (file name, Extractor, epub types of the document)
    for idref, linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT or str(linear).lower() == "no":
            continue
        content = item.get_content()
        if len(content) > MAX_HTML_BYTES:
            raise InputError(f"{path}: refused: {item.get_name()!r} is {len(content)} bytes of XHTML "
                             f"(the limit is {MAX_HTML_BYTES})")
        root = parse_markup(decode_markup(content, item.get_name()), f"{path}:{item.get_name()}")
        docs.append((item.get_name(), extract(root), _doc_types(root)))
    meta.cover = _cover(book, docs)
    marks = _marks(book, docs)
    guide = {unquote(g.get("href", "")).split("#")[0]: g.get("type", "").lower() for g in book.guide}
    sections = _sections(docs, marks, guide, meta.title)
    return assemble(sections, meta, str(path))


def _dc(book, field: str) -> str | None:
    values = book.get_metadata("DC", field)
    return one_line(values[0][0]) if values and values[0][0] else None


def _authors(book) -> str | None:
    people = []
    for value, attrs in book.get_metadata("DC", "creator"):
        role = next((v for k, v in (attrs or {}).items() if k.endswith("role")), "aut")
        if value and value.strip() and role in ("aut", None, ""):
            people.append(value.strip())
    if not people:
        return None
    return one_line(people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1])


def _doc_types(root) -> set[str]:
    from .html import _types

    body = root.find(".//body")
    if body is None:
        return set()
    found = set(_types(body))
    for child in body:
        if isinstance(child.tag, str):
            found |= _types(child)
    return found


_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")  # JPEG or PNG: what MP3/M4B cover tags hold


def _cover(book, docs) -> bytes | None:
    """The cover image: EPUB 3 cover-image, EPUB 2 <meta name="cover">, or the image of a cover page."""
    import ebooklib

    candidates = list(book.get_items_of_type(ebooklib.ITEM_COVER))
    for value, attrs in book.get_metadata("OPF", "meta") or []:
        if attrs and attrs.get("name") == "cover" and attrs.get("content"):
            candidates.append(book.get_item_with_id(attrs["content"]))
    for item in candidates:
        if item is None:
            continue
        data = item.get_content()
        if data and data.startswith(_IMAGE_MAGIC) and len(data) <= MAX_COVER:
            return data
    for g in book.guide:
        if g.get("type", "").lower() == "cover":
            page = book.get_item_with_href(unquote(g.get("href", "")).split("#")[0])
            img = _first_image(book, page)
            if img:
                return img
    return None


def _first_image(book, page) -> bytes | None:
    if page is None:
        return None
    root = parse_markup(decode_markup(page.get_content(), page.get_name()), page.get_name())
    for el in root.iter():
        src = el.get("src") if el.tag == "img" else el.get("{http://www.w3.org/1999/xlink}href") or el.get("xlink:href")
        if src:
            href = posixpath.normpath(posixpath.join(posixpath.dirname(page.get_name()), unquote(src)))
            item = book.get_item_with_href(href)
            data = item.get_content() if item is not None else None
            if data and data.startswith(_IMAGE_MAGIC) and len(data) <= MAX_COVER:
                return data
    return None


def _marks(book, docs) -> list[Mark]:
    """Where chapters start: top-level TOC entries, and nested ones that open a file of their own."""
    index = {}
    for k, (name, _ex, _types) in enumerate(docs):
        index.setdefault(name, k)
        index.setdefault(posixpath.basename(name), k)
    marks: dict[tuple[int, int], Mark] = {}

    def where(href: str | None):
        if not href:
            return None
        file, _, frag = unquote(href).partition("#")
        file = posixpath.normpath(file)
        k = index.get(file, index.get(posixpath.basename(file)))
        if k is None:
            return None
        para = docs[k][1].anchors.get(frag, 0) if frag else 0
        return k, para

    def walk(entries, parent_file):
        for entry in entries:
            node, children = (entry if isinstance(entry, tuple) else (entry, []))
            href = getattr(node, "href", None) or None
            file = unquote(href).partition("#")[0] if href else None
            pos = where(href)
            if pos and (parent_file is None or file != parent_file):
                label = one_line(getattr(node, "title", "") or "") or ""
                marks.setdefault(pos, Mark(pos[0], pos[1], label))
            walk(children, file or parent_file or "")

    walk(book.toc, None)
    if not marks:  # no usable table of contents: each file is a chapter, named by its first heading
        for k, (_name, ex, _types) in enumerate(docs):
            heading = next((p.text for p in ex.paras if p.level), "")
            if any(p.kind == "p" for p in ex.paras):
                marks[(k, 0)] = Mark(k, 0, one_line(heading) or "")
    return sorted(marks.values(), key=lambda m: (m.spine, m.para))


def _classify(label: str | None, types: set[str], guide: str, title: str | None, before_chapters: bool) -> str:
    label = label or ""
    if types & DROP_TYPES or guide in GUIDE_DROP or _DROP_LABEL.match(label):
        return DROP
    if before_chapters and title and label and _same_title(label, title):
        return DROP  # the title page
    if before_chapters and (types & FRONT_TYPES or guide in GUIDE_FRONT or _FRONT_LABEL.match(label)):
        return FRONT
    return CHAPTER


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _same_title(label: str, title: str) -> bool:
    """The label names the book: "Frankenstein" for "Frankenstein; Or, The Modern Prometheus"."""
    a, b = _norm(label), _norm(title)
    short, long_ = sorted((a, b), key=len)
    return bool(short) and (a == b or (len(short) >= 4 and long_.startswith(short + " ")))


def _sections(docs, marks: list[Mark], guide: dict[str, str], title: str | None) -> list[Section]:
    """Cut the spine's paragraphs at the marks, and decide each piece's fate."""
    flat: list[tuple[int, int, Para]] = [(k, i, p) for k, (_n, ex, _t) in enumerate(docs)
                                         for i, p in enumerate(ex.paras)]
    start, end, _fields = gutenberg([p for _k, _i, p in flat])
    pg: dict[int, str] = {}
    if start is not None:
        pg.update({j: "Project Gutenberg header" for j in range(start + 1)})
    if end is not None:
        pg.update({j: "Project Gutenberg licence" for j in range(end, len(flat))})
    at = {(m.spine, m.para): m for m in marks}

    # Pieces: a new one at every mark and at every file; unlisted files continue
    # the piece before them unless their type says otherwise.
    pieces: list[tuple[Section, list[int]]] = []
    seen_chapter = False
    last_doc = -1
    for j, (k, i, _para) in enumerate(flat):
        mark = at.get((k, i))
        if mark or k != last_doc:
            name, _ex, types = docs[k]
            kind = _classify(mark.label if mark else None, types, guide.get(name, ""), title, not seen_chapter)
            if not mark and kind == CHAPTER:
                kind = pieces[-1][0].kind if seen_chapter else DROP
                if seen_chapter and kind == CHAPTER:
                    kind = ""            # continues the chapter before it
            if kind:
                label = mark.label if mark else None
                why = _why(kind, label, types) if mark or kind != DROP else "front matter not in the table of contents"
                pieces.append((Section(kind, label or None, why=why), []))
                seen_chapter = seen_chapter or kind == CHAPTER
        last_doc = k
        if pieces:
            pieces[-1][1].append(j)

    sections: list[Section] = []
    for sec, indexes in pieces:
        if sec.kind == CHAPTER and _LICENCE_TEXT.search(" ".join(flat[j][2].text for j in indexes[:3])):
            sec.kind, sec.why = DROP, "licence"
        part: Section | None = None
        for j in indexes:
            why = pg.get(j)
            if why:
                if not (sections and sections[-1].kind == DROP and sections[-1].why == why):
                    sections.append(Section(DROP, None, why=why))
                part = None
                sections[-1].paras.append(flat[j][2])
                continue
            if part is None:
                part = Section(sec.kind, sec.title, why=sec.why)
                sections.append(part)
            part.paras.append(flat[j][2])
    return sections


def _why(kind: str, label: str | None, types: set[str]) -> str:
    if kind != DROP:
        return ""
    what = label or " ".join(sorted(types & DROP_TYPES)) or "front matter"
    return f"{what} (not part of the story)"
