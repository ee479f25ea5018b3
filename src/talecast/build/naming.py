"""File names: the story's folder (``slugify``) and each chapter's file (``file_title``)."""
from __future__ import annotations

import re
import unicodedata


def slugify(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[\s_-]+", "-", text)[:limit].strip("-") or "story"


def file_title(text: str, limit: int = 80) -> str:
    """A chapter title made safe as a file name on every platform."""
    text = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "", text).strip().rstrip(".")
    return text[:limit] or "Chapter"
