"""Planning a build, without audio: every segment's voice, text and cache key, every chapter's file and digest."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from ..synth import cache as cache_mod
from .. import render, voices
from . import records
from ..synth import speech, workers
from ..synth.engine import engine_id
from ..model import Chapter, Script, Segment
from .naming import file_title

def spoken(caster: voices.Caster, seg: Segment) -> tuple[voices.Voice, str] | None:
    """The voice and the exact text the engine speaks for ``seg``; None when nothing is said.

    The one place that maps a segment to speech: cache keys are computed from
    what it returns, so pronunciation rules belong here (or in what it calls).
    """
    voice = caster.voice_for(seg)
    text = caster.config.pronounce(speech.spoken_text(seg))  # what the engine hears, not the captions
    if voice is None or not text.strip():
        return None
    return voice, text


@dataclass(frozen=True)
class ChapterPlan:
    """One chapter's file and what it is made of."""

    chapter: Chapter
    name: str                       # file name inside the output folder
    keys: tuple[str | None, ...]    # cache key per segment (None: not spoken)
    tags: render.Tags
    digest: str                     # changes whenever the file would change


@dataclass(frozen=True)
class Plan:
    chapters: tuple[ChapterPlan, ...]
    tasks: dict[str, workers.Task]  # every distinct key -> what to say, in reading order


def plan(script: Script, caster: voices.Caster, pacing: render.Pacing, fmt: render.AudioFormat,
         engine: str | None = None, cover: bytes | None = None) -> Plan:
    """Decide every chapter's file name, segment keys and digest; no audio is made."""
    engine = engine or engine_id()
    width = max(2, len(str(len(script.chapters))))
    fingerprint = records.code_fingerprint()  # render, loudness, tags, captions: any change re-renders
    cover_digest = hashlib.sha256(cover).hexdigest() if cover else None
    tasks: dict[str, workers.Task] = {}
    chapters = []
    for ch in script.chapters:
        keys = []
        for seg in ch.segments:
            said = spoken(caster, seg)
            if said is None:
                keys.append(None)
                continue
            k = cache_mod.key(engine, *said)
            tasks.setdefault(k, workers.Task(k, *said))
            keys.append(k)
        name = f"{ch.index:0{width}d} - {file_title(ch.title)}.mp3"
        tags = render.Tags(ch.title, script.title, script.author, ch.index, len(script.chapters), cover=cover)
        layout = [(k, s.kind, s.paragraph, s.style) for k, s in zip(keys, ch.segments)]
        digest = hashlib.sha256(json.dumps(
            [name, layout, asdict(pacing), asdict(fmt), {**asdict(tags), "cover": cover_digest}, fingerprint],
            ensure_ascii=False, default=str).encode()).hexdigest()
        chapters.append(ChapterPlan(ch, name, tuple(keys), tags, digest))
    return Plan(tuple(chapters), tasks)
