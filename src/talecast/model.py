"""The data contract between talecast's stages: Segment, Chapter, Script.

Every stage takes and returns these plain, frozen dataclasses. Offsets
(``start``/``end``) index the story's text as read (see ``reader.read_text``),
so ``source[start:end]`` is where a segment's words came from.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

# Segment kinds, in the order a listener meets them.
TITLE = "title"          # spoken introduction: story title and author
HEADING = "heading"      # a chapter title, spoken at the start of its chapter
NARRATION = "narration"
DIALOGUE = "dialogue"
NOTE = "note"            # front matter or author's notes, read by the narrator
BREAK = "break"          # a scene break: a pause, nothing spoken

KINDS = (TITLE, HEADING, NARRATION, DIALOGUE, NOTE, BREAK)


@dataclass(frozen=True)
class Segment:
    """One unit of speech (or a pause, for ``break``)."""

    chapter: int
    kind: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    paragraph: int = 0  # index of the paragraph in the source, for pacing
    style: str | None = None  # e.g. "thought" or "stress" (Markdown emphasis); None = plain
    # dialogue only: how sure attribution is of the speaker (0..1), the rule that decided it,
    # and the speaker it would have picked next (for `script --explain`)
    confidence: float | None = None
    rule: str | None = None
    guess: str | None = None       # the speaker attribution chose, even when unsure (speaker None)
    runner_up: str | None = None
    corrected: bool = False   # set by a [[lines]] correction of the voice config

    def to_json(self) -> dict:
        d = asdict(self)
        out = {k: d[k] for k in ("chapter", "kind", "speaker", "text", "start", "end")}
        if self.style:
            out["style"] = self.style
        if self.kind == DIALOGUE and self.confidence is not None:
            out["confidence"] = round(self.confidence, 2)
        if self.corrected:
            out["corrected"] = True
        return out

    def with_speaker(self, speaker: str | None) -> "Segment":
        return replace(self, speaker=speaker)


@dataclass(frozen=True)
class Chapter:
    index: int            # counts from 1
    title: str
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class Script:
    title: str
    author: str | None
    chapters: tuple[Chapter, ...]
    source: str = field(default="", repr=False)
    language: str | None = None
    cover: bytes | None = field(default=None, repr=False)  # image bytes for the tags
    dropped: tuple[tuple[int, int, str], ...] = ()  # (start, end, why) spans not read

    @property
    def segments(self):
        for chapter in self.chapters:
            yield from chapter.segments
