"""A story file to its audiobook folder: ``build_story``, the entry point of ``talecast build``."""
from __future__ import annotations

from pathlib import Path

from ..synth import cache as cache_mod
from .. import interrupt, pipeline, render, voices
from ..voices import corrections
from . import records
from .records import BuildResult
from .chapters import parse_chapters
from .pool import _stop_pool, cap_jobs, start_workers
from .scheduler import Progress, build
from .script_cache import parsed_script

def build_story(story: Path, voices_file: Path | None, out: Path, fmt: render.AudioFormat = render.AudioFormat(),
                skip_notes: bool = False, no_cache: bool = False, jobs: int | None = None,
                progress: Progress | None = None, cover: bytes | None = None,
                single: str | None = None, chapters: str | None = None) -> BuildResult:
    """Build a story file with a voice config (None: the built-in one) into ``out/<story-slug>/``.

    When nothing it depends on has changed since the last build (story, voice
    config, options, engine, talecast itself) and its files are all there, the
    story is not even parsed again. ``chapters`` (``2``, ``2-4``, ``1,3``) renders
    only those chapters.
    """
    options = records.options_key(fmt.bitrate, fmt.sample_rate, fmt.channels, single, cover)
    digest = None if no_cache or chapters is not None else records.inputs_digest(story, voices_file, out, options, skip_notes)
    done = digest and records.unchanged(digest)
    if done:
        return done
    segment_cache = cache_mod.SegmentCache(enabled=not no_cache)
    if segment_cache.enabled:
        segment_cache.check_writable()
    jobs, _ = cap_jobs(jobs)
    # The workers start (a second or so of CPU: Python, pyttsx3, espeak-ng) while the story is parsed.
    with interrupt.handle_signals():
        return _build_story(story, voices_file, out, fmt, skip_notes, jobs, progress, cover, single, chapters,
                            segment_cache, digest)


def _build_story(story, voices_file, out, fmt, skip_notes, jobs, progress, cover, single, chapters,
                 segment_cache, digest) -> BuildResult:
    pool = start_workers(jobs, segment_cache.root) if segment_cache.enabled else None
    try:
        config = voices.load(voices_file)
        script, characters = parsed_script(story, skip_notes, segment_cache.root if segment_cache.enabled else None)
        script = corrections.apply(script, config.corrections)  # [[lines]]: before anything is spoken
        only = parse_chapters(chapters, len(script.chapters)) if chapters is not None else None
        names = {c.name for c in characters}
        characters += [c for c in pipeline.characters_from_config(config) if c.name not in names]
        result = build(script, characters, config, out, fmt=fmt, jobs=jobs, progress=progress,
                       segment_cache=segment_cache, inputs=digest, cover=cover, single=single, only=only,
                       pool=pool, source=str(Path(story).resolve()))
    finally:
        if pool:
            _stop_pool(pool)
    if digest:
        records.record(digest, result.folder)
    return result
