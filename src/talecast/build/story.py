"""A story file to its audiobook folder: ``build_story``, the entry point of ``talecast build``."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..synth import cache as cache_mod
from .. import interrupt, voices
from ..voices import corrections
from . import records
from .records import BuildResult
from .options import BuildOptions
from .pool import _stop_pool, cap_jobs, start_workers
from .scheduler import Progress, build
from .script_cache import is_kept, kept_script

def build_story(story: Path, voices_file: Path | None = None, out: Path = Path("output"),
                options: BuildOptions = BuildOptions(), progress: Progress | None = None) -> BuildResult:
    """Build a story file with a voice config (None: the built-in one) into ``out/<story-slug>/``.

    When nothing it depends on has changed since the last build (story, voice
    config, options, engine, talecast itself) and its files are all there, the
    story is not even parsed again. ``options.chapters`` (``2``, ``2-4``, ``1,3``)
    renders only those chapters; ``options.jobs`` is capped at one per CPU.
    """
    fmt = options.fmt
    key = records.options_key(fmt.bitrate, fmt.sample_rate, fmt.channels, options.single, options.cover)
    digest = (None if not options.cache or options.chapters is not None
              else records.inputs_digest(story, voices_file, out, key, options.skip_notes, options.engine))
    done = digest and records.unchanged(digest)
    if done:
        return done
    segment_cache = cache_mod.SegmentCache(enabled=options.cache)
    if segment_cache.enabled:
        segment_cache.check_writable()
    options = replace(options, jobs=cap_jobs(options.jobs)[0])
    # The workers start (a second or so of CPU: Python, pyttsx3, espeak-ng) while the story is parsed.
    with interrupt.handle_signals():
        return _build_story(story, voices_file, out, options, progress, segment_cache, digest)


def _build_story(story, voices_file, out, options: BuildOptions, progress, segment_cache, digest) -> BuildResult:
    # When the story must be parsed, the workers start meanwhile; when its script is kept (a rebuild
    # after a config change), the build starts them only if it has enough to say (see scheduler).
    early = segment_cache.enabled and not is_kept(story, options.skip_notes, segment_cache.root)
    pool = start_workers(options.jobs, segment_cache.root, options.engine) if early else None
    try:
        config = voices.load(voices_file)
        script, found = kept_script(story, options.skip_notes, segment_cache.root if segment_cache.enabled else None)
        script = corrections.apply(script, config.corrections)  # [[lines]]: before anything is spoken
        genders = {c["name"]: c["gender"] for c in found}  # the characters found, then the config's others
        for entry in config.characters.values():
            genders.setdefault(entry.name, entry.gender)
        result = build(script, genders, config, out, options, progress, segment_cache=segment_cache,
                       inputs=digest, pool=pool, source=str(Path(story).resolve()))
    finally:
        if pool:
            _stop_pool(pool)
    if digest:
        records.record(digest, result.folder)
    return result
