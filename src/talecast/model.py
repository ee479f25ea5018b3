"""The data contract between talecast's stages: Document (Block, RawChapter), Segment, Chapter, Script.

Every stage takes and returns these plain, frozen dataclasses. Offsets
(``start``/``end``) index the story's text as read (see ``read.decoding.read_text``),
so ``source[start:end]`` is where a segment's words came from.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    """What a segment is, in the order a listener meets them. A ``StrEnum``: each member
    equals its string (``Kind.DIALOGUE == "dialogue"``), which is what JSONL writes."""

    TITLE = "title"          # spoken introduction: story title and author
    HEADING = "heading"      # a chapter title, spoken at the start of its chapter
    NARRATION = "narration"
    DIALOGUE = "dialogue"
    NOTE = "note"            # front matter or author's notes, read by the narrator
    BREAK = "break"          # a scene break: a pause, nothing spoken


class Style(StrEnum):
    """How a span is voiced on top of its speaker's voice (Markdown emphasis; the voice
    config's ``[styles.thought]`` and ``[styles.stress]``)."""

    THOUGHT = "thought"      # emphasis of a clause or more
    STRESS = "stress"        # emphasis of a word or two, or strong


class Dropped(NamedTuple):
    """A span of the source that is not read, and why (``script --verbose`` lists them)."""

    start: int
    end: int
    why: str


TITLE, HEADING, NARRATION, DIALOGUE, NOTE, BREAK = Kind
KINDS = tuple(Kind)


def _dropped(spans) -> tuple[Dropped, ...]:
    """``(start, end, why)`` triples as ``Dropped``, whoever built them."""
    return tuple(d if type(d) is Dropped else Dropped(*d) for d in spans)


@dataclass(frozen=True)
class Segment:
    """One unit of speech (or a pause, for ``break``)."""

    chapter: int
    kind: Kind
    text: str
    start: int
    end: int
    speaker: str | None = None
    paragraph: int = 0  # index of the paragraph in the source, for pacing
    style: Style | None = None  # Markdown emphasis; None = plain
    # dialogue only: how sure attribution is of the speaker (0..1), the rule that decided it,
    # and the speaker it would have picked next (for `script --explain`)
    confidence: float | None = None
    rule: str | None = None
    guess: str | None = None       # the speaker attribution chose, even when unsure (speaker None)
    runner_up: str | None = None
    corrected: bool = False   # set by a [[lines]] correction of the voice config

    def __post_init__(self):
        # a kind or style given as its string (a JSONL line, a caller) becomes the enum member
        if type(self.kind) is not Kind:
            object.__setattr__(self, "kind", Kind(self.kind))
        if self.style is not None and type(self.style) is not Style:
            object.__setattr__(self, "style", Style(self.style))

    def to_json(self) -> dict:
        d = asdict(self)
        out = {k: d[k] for k in ("chapter", "kind", "speaker", "text", "start", "end", "paragraph")}
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
    dropped: tuple[Dropped, ...] = ()  # spans not read

    def __post_init__(self):
        object.__setattr__(self, "dropped", _dropped(self.dropped))

    @property
    def segments(self):
        for chapter in self.chapters:
            yield from chapter.segments


# --- what the reader gives: a Document -----------------------------------------------

@dataclass(frozen=True)
class Block:
    """A paragraph: ``source[start:end]``, stripped of surrounding blank space.

    ``kind`` is ``""`` for story text, ``"note"`` for an author's note inside the
    story, ``"section"`` for a heading inside a chapter (``label`` is then what
    is spoken).
    """

    start: int
    end: int
    kind: str = ""
    label: str = ""


@dataclass(frozen=True)
class RawChapter:
    title: str
    heading: Block | None      # where the title came from, if from a heading
    blocks: tuple[Block, ...]  # the body's paragraphs


@dataclass(frozen=True)
class Document:
    source: str
    title: str
    author: str | None
    title_block: Block | None = None
    author_block: Block | None = None
    notes: tuple[Block, ...] = ()          # front matter, read as notes
    chapters: tuple[RawChapter, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    language: str | None = None
    cover: bytes | None = field(default=None, repr=False)
    styles: tuple[tuple[int, int, Style], ...] = ()  # (start, end, style): Markdown emphasis spans

    def __post_init__(self):
        object.__setattr__(self, "dropped", _dropped(self.dropped))


# --- options shared by stages ------------------------------------------------------

@dataclass(frozen=True)
class Pacing:
    """Pauses in milliseconds: the ``[pacing]`` table of the voice config."""

    lead: int = 750          # silence at the start of every file (ACX: 500-1000)
    tail: int = 2000         # silence at the end of every file (ACX: 1000-5000)
    sentence: int = 550      # at least this between sentences in narration (espeak-ng's own: ~330)
    paragraph: int = 900     # between paragraphs
    quote: int = 300         # between a quote and its speech tag ("Go," she said) in one paragraph
    scene_break: int = 2000  # at * * * and other scene breaks
    title: int = 1500        # after the spoken story title and after chapter headings
