"""Story formats beyond plain text: EPUB, HTML and Markdown, chosen by content.

``read(path)`` returns a ``reader.Document`` for an EPUB, HTML or Markdown file
and ``None`` for plain text (which ``reader`` parses itself). For these formats
the Document's ``source`` is the plain text the reader extracted (paragraphs
separated by blank lines), and every segment offset indexes that text.
"""
from __future__ import annotations

from pathlib import Path

from ..reader import Document
from .detect import EPUB, HTML, MARKDOWN, sniff
from .markdown import apply_styles

__all__ = ["read", "sniff", "apply_styles"]


def read(path: str | Path) -> Document | None:
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
