"""Build: Script to chapter MP3s, a playlist, through the engine and the cache."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection

from . import cache as cache_mod
from . import render, voices
from .attribute import Character
from .engine import engine_id, get_engine
from .errors import ConfigError, InputError, SynthesisError
from .model import Script


def slugify(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[\s_-]+", "-", text)[:limit].strip("-") or "story"


def file_title(text: str, limit: int = 80) -> str:
    """A chapter title made safe as a file name on every platform."""
    text = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "", text).strip().rstrip(".")
    return text[:limit] or "Chapter"


@dataclass
class BuildResult:
    folder: Path
    files: list[Path] = field(default_factory=list)
    playlist: Path | None = None
    single: Path | None = None
    durations: list[float] = field(default_factory=list)
    synthesized: int = 0
    cached: int = 0


def parse_chapters(spec: str, count: int) -> set[int]:
    """Chapter numbers from ``2``, ``2-4``, ``3-`` or ``1,3,5-6`` (counting from 1, at most ``count``)."""
    chosen = set()
    for part in spec.replace(" ", "").split(","):
        m = re.fullmatch(r"(\d+)(?:(-)(\d*))?", part)
        if not m:
            raise InputError(f"--chapters {spec}: use a number, a range like 2-4 or 3-, or a list like 1,3")
        lo = int(m.group(1))
        hi = (int(m.group(3)) if m.group(3) else count) if m.group(2) else lo
        if not 1 <= lo <= hi <= count:
            raise InputError(f"--chapters {spec}: the story has {count} chapter(s)")
        chosen.update(range(lo, hi + 1))
    return chosen


Progress = Callable[[int, int, int, int], None]  # (chapter, chapters, segment, segments)


def build(script: Script, characters: list[Character], config: voices.VoiceConfig, out: Path,
          bitrate: str = "64k", segment_cache: cache_mod.SegmentCache | None = None,
          progress: Progress | None = None, slug: str | None = None, *,
          only: Collection[int] | None = None, sample_rate: int = render.SAMPLE_RATE,
          channels: int = 1, cover: bytes | None = None, single: str | None = None) -> BuildResult:
    """Synthesize and render every chapter of ``script`` (or those in ``only``) into ``out/<slug>/``.

    ``single`` ("m4b" or "mp3") also joins the chapters into one file with a chapter list.
    """
    fmt = render.AudioFormat(bitrate, sample_rate, channels)  # a bad option fails before synthesis
    cover = cover or script.cover
    caster = voices.Caster(config, {c.name: c.gender for c in characters})
    caster.plan(script)  # default voices from the whole story, so `only` never changes them
    segment_cache = segment_cache or cache_mod.SegmentCache()
    engine = None
    eid = engine_id()
    slug = slug or slugify(script.title)
    folder = Path(out) / slug
    result = BuildResult(folder)
    chapters = [c for c in script.chapters if only is None or c.index in only]
    total = sum(len(c.segments) for c in chapters)
    done = 0
    width = max(2, len(str(len(script.chapters))))
    for ch in chapters:
        clips = []
        for seg in ch.segments:
            voice = caster.voice_for(seg)
            pcm = b""
            text = config.pronounce(seg.text)  # [pronounce]: what the engine hears, not the captions
            if voice is not None and text.strip():
                k = cache_mod.key(eid, voice, text)
                pcm = segment_cache.get(k)
                if pcm is None:
                    engine = engine or get_engine()
                    if not engine.has_voice(voice.id):
                        raise ConfigError(f"{config.path}: voice '{voice.id}' is not one of the engine's voices "
                                          "(see `talecast voices`)")
                    try:
                        pcm = engine.synthesize(text, voice)
                    except SynthesisError as exc:
                        raise SynthesisError(f"chapter {ch.index}, segment at offset {seg.start}: {exc}") from None
                    segment_cache.put(k, pcm)
                    result.synthesized += 1
                else:
                    result.cached += 1
            clips.append(pcm)
            done += 1
            if progress:
                progress(ch.index, len(script.chapters), done, total)
        name = f"{ch.index:0{width}d} - {file_title(ch.title)}.mp3"
        tags = render.Tags(ch.title, script.title, script.author, ch.index, len(script.chapters), cover=cover)
        audio = render.render_chapter(ch.segments, clips.__getitem__, folder / name, tags,
                                      config.pacing, fmt.bitrate, sample_rate=fmt.sample_rate,
                                      channels=fmt.channels)
        result.files.append(audio.path)
        result.durations.append(audio.duration)
    if only is not None:  # a quick listen: keep the full book's playlist as it is
        return result
    result.playlist = folder / f"{slug}.m3u8"
    render.write_playlist(result.playlist, [(f.name, c.title, d) for f, c, d in
                                            zip(result.files, chapters, result.durations)])
    if single:
        book = render.Tags(script.title, script.title, script.author, 1, 1, cover=cover)
        result.single = render.render_single(result.files, [c.title for c in chapters],
                                             folder / f"{slug}.{single}", single, book, fmt).path
    return result
