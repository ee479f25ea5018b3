"""A Script as JSON Lines (``talecast script --format jsonl``), and back again.

``to_jsonl(script)`` writes one object a segment, in reading order (the keys of
``Segment.to_json``; the first segment of each chapter also carries
``chapter_title``). ``from_jsonl(text)`` makes a Script of such lines again, so
a script edited by hand or by another tool can be built: ``build.build(script,
...)``. What the lines do not carry comes back empty: the story's source text,
dropped spans, language and cover; attribution's ``rule``, ``guess`` and
``runner_up``. The story's title and author are read from the ``title``
segment (``"Title, by Author"``).
"""
from __future__ import annotations

import json
from typing import Iterable

from .. import model
from ..errors import InputError
from ..model import Chapter, Script, Segment

REQUIRED = ("chapter", "kind", "text", "start", "end")
_FIELDS = ("chapter", "kind", "text", "start", "end", "speaker", "paragraph", "style", "confidence", "corrected")


def to_jsonl(script: Script, explain: bool = False) -> str:
    """The lines ``talecast script --format jsonl`` prints; with ``explain`` (``--explain``),
    each quote also has the ``rule`` that decided it, its ``guess`` and ``runner_up``."""
    out = []
    for chapter in script.chapters:
        for i, seg in enumerate(chapter.segments):
            d = seg.to_json()
            if explain and seg.kind == model.DIALOGUE and seg.rule:
                d.update(rule=seg.rule, guess=seg.guess, runner_up=seg.runner_up)
            if i == 0:
                d["chapter_title"] = chapter.title
            out.append(json.dumps(d, ensure_ascii=False) + "\n")
    return "".join(out)


def from_jsonl(lines: str | Iterable[str], name: str = "<jsonl>") -> Script:
    """The Script of JSONL lines (a string or an iterable of lines); InputError names a bad line."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    segments: list[Segment] = []
    titles: dict[int, str] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(d, dict) or any(k not in d for k in REQUIRED):
            raise InputError(f"{name}:{n}: a segment needs {', '.join(REQUIRED)}")
        if d["kind"] not in model.KINDS:
            raise InputError(f"{name}:{n}: kind {d['kind']!r} is not one of {', '.join(model.KINDS)}")
        if segments and d["chapter"] < segments[-1].chapter:
            raise InputError(f"{name}:{n}: chapter {d['chapter']} comes after chapter {segments[-1].chapter}")
        if "chapter_title" in d:
            titles[d["chapter"]] = d["chapter_title"]
        segments.append(Segment(**{k: d[k] for k in _FIELDS if k in d}))
    title, author = _title_and_author(segments)
    chapters = []
    for index in dict.fromkeys(s.chapter for s in segments):
        segs = tuple(s for s in segments if s.chapter == index)
        heading = next((s.text for s in segs if s.kind == model.HEADING), None)
        chapters.append(Chapter(index, titles.get(index) or heading or f"Chapter {index}", segs))
    return Script(title, author, tuple(chapters))


def _title_and_author(segments: list[Segment]) -> tuple[str, str | None]:
    intro = next((s.text for s in segments if s.kind == model.TITLE), None)
    if intro is None:
        return "Untitled", None
    title, sep, author = intro.rpartition(", by ")
    return (title, author) if sep else (intro, None)
