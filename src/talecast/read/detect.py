"""Which reader a story file needs, chosen by content first and extension second."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError

EPUB, HTML, MARKDOWN, TEXT = "epub", "html", "markdown", "text"

_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s)",
    re.I | re.S)
_HTML_EXT = {".html", ".htm", ".xhtml", ".xht", ".shtml"}
_MD_EXT = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
_ATX = re.compile(rb"^#{1,6}[ \t]+\S", re.M)
_MD_SIGNS = re.compile(rb"(?:^|\s)(?:\*\*?|__?)[^\s*_][^\n]*?[^\s*_\\](?:\*\*?|__?)(?=[\s.,;:!?)]|$)"
                       rb"|\]\([^)\s]+\)|^[ \t]*[-*+][ \t]+\S|^(?:===+|---+)[ \t]*$|^```", re.M)
HEAD = 64 * 1024


def sniff(path: Path) -> str:
    """``epub``, ``html``, ``markdown`` or ``text`` (text also for what cannot be opened:
    the plain-text reader gives the error). A file named ``.epub`` that is not a
    zip archive is refused here."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD)
    except OSError:
        return TEXT
    ext = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return EPUB
    if ext == ".epub":
        raise InputError(f"{path}: not an EPUB (an EPUB is a zip archive, and this file is not one)")
    text = head
    for bom in (b"\xef\xbb\xbf",):
        text = text.removeprefix(bom)
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = text.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return TEXT
    if _HTML_START.match(text.lstrip()):
        return HTML
    if ext in _HTML_EXT and re.search(rb"<(?:p|div|br|h[1-6]|body|html)[\s/>]", text, re.I):
        return HTML
    if ext in _MD_EXT:
        return MARKDOWN
    if ext in ("", ".txt", ".text") and _ATX.search(text) and _MD_SIGNS.search(text):
        return MARKDOWN
    return TEXT
