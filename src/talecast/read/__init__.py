"""The stage "read": a story file in, a ``model.Document`` out.

``read(path)`` decodes the file (``decode``), tells its format by content
(``detect``) and parses it: plain text in ``plain`` (with ``blocks``,
``headings``, ``frontmatter`` and ``tales``), EPUB, HTML and Markdown in
``epub``, ``html`` and ``markdown`` (which share ``assemble``). For these formats the Document's
``source`` is the plain text the reader extracted (paragraphs separated by
blank lines), and every segment offset indexes that text.
"""
from __future__ import annotations

from ..stage import callable_stage

from pathlib import Path

from ..model import Block, Document, RawChapter
from .decoding import decode, read_text
from .detect import EPUB, HTML, MARKDOWN, sniff
from .plain import parse

__all__ = ["read", "parse", "read_text", "decode", "sniff", "Document", "Block", "RawChapter"]


def read_formatted(path: str | Path) -> Document | None:
    """The Document of an EPUB, HTML or Markdown story file; None for plain text."""
    path = Path(path)
    kind = sniff(path)
    if kind == EPUB:
        from . import epub

        return epub.read(path)
    if kind == HTML:
        from . import html

        return html.read(path)
    if kind == MARKDOWN:
        from . import markdown

        return markdown.read(path)
    return None


def read(path: str | Path) -> Document:
    """Read and parse a story file: EPUB, HTML and Markdown by their modules, plain text by ``plain``."""
    doc = read_formatted(path)
    return doc if doc is not None else parse(read_text(path), str(path))


callable_stage(__name__, "read")  # talecast.read(...) is read(...)
