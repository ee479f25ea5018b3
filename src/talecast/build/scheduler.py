"""Running a planned build: workers synthesize missing segments in reading order while threads render ready chapters."""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import hashlib
import json
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING
from pathlib import Path
from typing import Callable

from ..synth import cache as cache_mod
from .. import render, voices
from ..synth import workers
from .records import MANIFEST, BuildResult, _read_json, _sized, intact, output_folder, read_manifest, write_manifest
from ..synth.engine import SAMPLE_RATE, SAMPLE_WIDTH, engine_id
from ..render.chapter import CAPTIONS
from ..errors import ConfigError, SynthesisError
from ..model import Script
from .chapters import parse_chapters
from .naming import slugify
from .options import BuildOptions
from .planning import ChapterPlan, Plan, plan
from .pool import _batches, _stop_pool, default_jobs, start_workers

if TYPE_CHECKING:  # the attribution rules are not loaded by a build of a story already parsed
    from ..attribute import Character

BYTES_PER_SECOND = SAMPLE_RATE * SAMPLE_WIDTH
# Text below this is synthesized in the build's own process (an engine starts in 0.2 s) rather
# than by worker processes (a Python, talecast and an engine each): a corrected line, a renamed voice.
LOCAL_CHARS = 2000


@dataclass(frozen=True)
class ProgressEvent:
    """How far a build has come. ``fraction`` weighs the work by text length."""

    segments_done: int
    segments_total: int
    chapters_done: int
    chapters_total: int
    audio_seconds: float       # audio of the chapters being built made ready so far (synthesized or cached)
    elapsed: float             # seconds since the build started
    fraction: float            # 0..1

    @property
    def throughput(self) -> float:
        """Audio minutes made ready per wall-clock second."""
        return self.audio_seconds / 60 / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the pace so far; None until there is a pace."""
        if self.fraction <= 0 or self.elapsed <= 0:
            return None
        return self.elapsed * (1 - self.fraction) / self.fraction


Progress = Callable[[ProgressEvent], None]


class _Aborted(Exception):
    """Raised inside a render thread when the build stops early."""


class _Ready:
    """Which cache keys hold their audio; render threads wait here for their clips."""

    def __init__(self, cache: cache_mod.SegmentCache, tasks: dict[str, workers.Task] | None = None,
                 engine: str | None = None):
        self.cache = cache
        self.tasks = tasks or {}
        self.engine = engine  # the spec of the engine that says a clip again, if one vanished
        self._ready: set[str] = set()
        self._remake = threading.Lock()
        self._cond = threading.Condition()
        self.aborted = False

    def mark(self, key: str) -> None:
        with self._cond:
            self._ready.add(key)
            self._cond.notify_all()

    def abort(self) -> None:
        with self._cond:
            self.aborted = True
            self._cond.notify_all()

    def clip(self, key: str | None) -> bytes:
        """The PCM of ``key``, once it is ready (``b""`` for a segment not spoken)."""
        if key is None:
            return b""
        with self._cond:
            while key not in self._ready and not self.aborted:
                self._cond.wait()
            if self.aborted:
                raise _Aborted()
        pcm = self.cache.get(key)
        if pcm is None and key in self.tasks:  # damaged or removed since it was checked: say it again here
            from ..synth.engine import get_engine

            task = self.tasks[key]
            with self._remake:
                pcm = self.cache.get(key)
                if pcm is None:
                    pcm = get_engine(self.engine).synthesize(task.text, task.voice)
                    with contextlib.suppress(OSError):
                        self.cache.put(key, pcm)
        if pcm is None:
            raise SynthesisError(f"segment audio vanished from the cache ({self.cache.path(key)})")
        return pcm


def build(script: Script, characters: list[Character] | dict[str, str], config: voices.VoiceConfig, out: Path,
          options: BuildOptions = BuildOptions(), progress: Progress | None = None, *,
          segment_cache: cache_mod.SegmentCache | None = None, slug: str | None = None,
          inputs: str | None = None, pool: cf.ProcessPoolExecutor | None = None,
          source: str | None = None) -> BuildResult:
    """Synthesize and render every chapter of ``script`` into ``out/<slug>/``.

    Only what changed since the last build is redone: segments come from the
    cache when their key is there, and a chapter is re-encoded only when its
    digest changed or its file is missing. ``options`` (``BuildOptions``) says
    how: ``cache=False`` redoes everything; ``jobs`` worker processes synthesize
    (default: one per CPU); ``cover`` (default: the story's own) goes into the
    tags; ``single`` ("m4b" or "mp3") also joins the chapters into one file with
    a chapter list; ``chapters`` renders just those chapters, for a quick listen:
    voices are still planned from the whole book, and the playlist is left as it
    was. ``skip_notes`` is for ``build_story``, which parses the story.
    ``characters`` may also be given as their genders, ``{name: gender}``.

    The rest is ``build_story``'s plumbing: ``segment_cache`` (default: the
    user's), ``slug`` (default: from the title), ``inputs`` (the digest of what
    the build came from, recorded), ``pool`` (workers already started on
    ``segment_cache``, used if anything needs synthesizing; the caller shuts it
    down) and ``source``, which names the story (its file): a folder that holds
    another story's build is refused, never overwritten. The folder is locked
    while the build writes to it.
    """
    fmt, single = options.fmt, options.single
    jobs = options.jobs or default_jobs()
    encoders = options.encoders or jobs
    only = parse_chapters(options.chapters, len(script.chapters)) if options.chapters is not None else None
    cover = options.cover or script.cover
    started = time.monotonic()
    genders = characters if isinstance(characters, dict) else {c.name: c.gender for c in characters}
    caster = voices.Caster(config, genders)
    caster.plan(script)  # default voices from the whole story, so `only` never changes them
    segment_cache = segment_cache or cache_mod.SegmentCache(enabled=options.cache)
    slug = slug or slugify(script.title)
    folder = Path(out) / slug
    with output_folder(folder, source):
        return _build_locked(script, config, caster, folder, slug, fmt, segment_cache, progress, started,
                             jobs, encoders, options.engine, inputs, cover, single, only, pool, source)


def _build_locked(script, config, caster, folder, slug, fmt, segment_cache, progress, started, jobs, encoders,
                  engine, inputs, cover, single, only, pool, source) -> BuildResult:
    for stale in folder.glob(".*.part"):  # left by a killed build (the folder is locked: no live build's)
        stale.unlink(missing_ok=True)
    the_plan = plan(script, caster, config.pacing, fmt, engine=engine_id(engine), cover=cover)
    last_single = _read_json(folder / MANIFEST).get("single")  # the last build's single-file edition
    old = read_manifest(folder) if segment_cache.enabled else {}
    manifest = {}
    result = BuildResult(folder)
    todo: list[ChapterPlan] = []
    for cp in the_plan.chapters:
        if only is not None and cp.chapter.index not in only:
            continue
        entry = old.get(cp.name)
        if entry and entry.get("digest") == cp.digest and intact(folder, cp.name, entry):
            manifest[cp.name] = entry
            result.skipped += 1
        else:
            todo.append(cp)

    with tempfile.TemporaryDirectory(prefix="talecast-") as scratch:
        work_cache = segment_cache if segment_cache.enabled else cache_mod.SegmentCache(Path(scratch))
        keep = {name: entry for name, entry in old.items() if intact(folder, name, entry)}
        _run(the_plan, todo, work_cache, folder, fmt, config, manifest, result,
             progress, started, jobs, encoders, engine, pool if work_cache is segment_cache else None,
             keep=keep, story=source, layout=_layouts(old) if segment_cache.enabled else None)

    if only is not None:  # a quick listen: record what was made, keep the book's playlist as it was
        chosen = [cp for cp in the_plan.chapters if cp.chapter.index in only]
        result.files = [folder / cp.name for cp in chosen]
        result.durations = [float(manifest[cp.name]["duration"]) for cp in chosen]
        write_manifest(folder, {**old, **manifest}, **{**{k: v for k, v in _read_json(folder / MANIFEST).items()
                                                          if k not in ("chapters", "version", "inputs")},
                                                       **({"story": source} if source else {})})
        return result
    spoken_total = sum(1 for cp in the_plan.chapters for k in cp.keys if k)
    result.cached = spoken_total - result.synthesized  # repeats of a segment are said once
    for cp in the_plan.chapters:
        result.files.append(folder / cp.name)
        result.durations.append(float(manifest[cp.name]["duration"]))
    for name in set(old) - set(manifest):  # chapters the story no longer has, and their captions
        (folder / name).unlink(missing_ok=True)
        for kind in CAPTIONS:
            (folder / name).with_suffix(f".{kind}").unlink(missing_ok=True)
    result.playlist = folder / f"{slug}.m3u8"
    render.write_playlist(result.playlist, [(cp.name, cp.chapter.title, d) for cp, d in
                                            zip(the_plan.chapters, result.durations)])
    single_digest = single_bytes = None
    stale = last_single
    if stale and stale != (f"{slug}.{single}" if single else None) and "/" not in stale and "\\" not in stale:
        # the last build's single-file edition, not asked for now (or in the other format): it
        # would not hear this build's changes, so it does not stay beside the chapters that do
        (folder / stale).unlink(missing_ok=True)
        result.single_removed = stale
    if single:
        book = render.Tags(script.title, script.title, script.author, 1, 1, cover=cover)
        titles = [cp.chapter.title for cp in the_plan.chapters]
        path = folder / f"{slug}.{single}"
        # What the edition is made of (each chapter's digest and size: a chapter made again, its file
        # damaged or deleted, may differ): not made again when only something else changed (a comment
        # in the voice config, the playlist) and it is there, whole
        single_digest = hashlib.sha256(json.dumps(
            [path.name, [[manifest[cp.name]["digest"], manifest[cp.name].get("bytes")] for cp in the_plan.chapters],
             titles,
             {**dataclasses.asdict(book), "cover": hashlib.sha256(cover).hexdigest() if cover else None},
             dataclasses.asdict(fmt)], ensure_ascii=False, default=str).encode()).hexdigest()
        last = _read_json(folder / MANIFEST)
        if not (last.get("single") == path.name and last.get("single_digest") == single_digest
                and _sized(path, last.get("single_bytes"))):
            render.render_single(result.files, titles, path, single, book, fmt)
            result.single_written = True
        result.single = path
        single_bytes = path.stat().st_size
    write_manifest(folder, {cp.name: manifest[cp.name] for cp in the_plan.chapters},
                   inputs=inputs, playlist=result.playlist.name, segments=spoken_total,
                   single=result.single.name if result.single else None, single_digest=single_digest,
                   single_bytes=single_bytes,
                   **({"story": source} if source else {}))
    return result


def _run(the_plan: Plan, todo: list[ChapterPlan], cache: cache_mod.SegmentCache, folder: Path,
         fmt: render.AudioFormat, config: voices.VoiceConfig, manifest: dict, result: BuildResult,
         progress: Progress | None, started: float, jobs: int, encoders: int, engine: str | None,
         started_pool: cf.ProcessPoolExecutor | None = None, keep: dict | None = None,
         story: str | None = None, layout: dict | None = None) -> None:
    """Synthesize what ``todo`` lacks (``jobs`` worker processes) and render ``todo`` (``encoders``
    chapters at once, each with up to ``encoders`` ffmpeg processes), recording each finished chapter.

    The manifest written meanwhile keeps ``keep`` (the last build's entries whose
    files are still there), so a build that stops never forgets a finished chapter.
    ``layout`` is what the last build's chapters recorded of their clips
    (``render_chapter``'s ``layout``): a chapter where only a few segments changed is
    then laid out without reading the others' audio."""
    keep = keep or {}
    saved = dict(manifest)  # the entries the manifest on disk holds (the unchanged chapters': the last build's)
    extra = {"story": story} if story else {}
    ready = _Ready(cache, the_plan.tasks, engine)
    needed: dict[str, workers.Task] = {}
    for cp in todo:
        for k in cp.keys:
            if k is not None and k not in needed:
                needed[k] = the_plan.tasks[k]
    missing = []
    sizes: dict[str, int] = {}
    for k, task in needed.items():
        # Its header checked, not its audio (read only if its fragment is encoded): damage found
        # then is made again by ready.clip.
        size = cache.size(k) if cache.enabled else None
        if size is not None:
            sizes[k] = size
            ready.mark(k)
        else:
            missing.append(task)

    seg_total = sum(len(cp.keys) for cp in the_plan.chapters)
    chars = {k: len(t.text) for k, t in the_plan.tasks.items()}
    work_total = sum(len(t.text) for t in missing) + sum(
        sum(chars[k] for k in cp.keys if k) for cp in todo) or 1
    uses = Counter(k for cp in todo for k in cp.keys)
    state = {"segments": seg_total - sum(uses.values()) + uses[None] + sum(uses[k] for k in sizes), "work": 0,
             "chapters": len(the_plan.chapters) - len(todo),
             "audio": sum(sizes[k] * uses[k] for k in sizes) / BYTES_PER_SECOND}  # this build's audio only

    def report():
        if progress:
            progress(ProgressEvent(state["segments"], seg_total, state["chapters"], len(the_plan.chapters),
                                   state["audio"], time.monotonic() - started,
                                   min(1.0, state["work"] / work_total)))

    def render_one(cp: ChapterPlan) -> render.ChapterAudio:
        return render.render_chapter(cp.chapter.segments, lambda i: ready.clip(cp.keys[i]),
                                     folder / cp.name, cp.tags, config.pacing, fmt.bitrate,
                                     sample_rate=fmt.sample_rate, channels=fmt.channels, encoders=encoders,
                                     fragments=cache.root / "fragments", keys=cp.keys, layout=layout)

    where = {}  # key -> (chapter, segment index, segment) for error messages
    for cp in reversed(todo):
        for i, k in enumerate(cp.keys):
            if k is not None:
                where[k] = (cp.chapter, i, cp.chapter.segments[i])

    pool = here = None
    if missing and not started_pool and sum(len(t.text) for t in missing) <= LOCAL_CHARS:
        here = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="talecast-synth")  # a few lines
    elif missing:
        pool = started_pool or start_workers(min(jobs, len(missing)), cache.root, engine)
    renders = cf.ThreadPoolExecutor(max_workers=max(1, encoders), thread_name_prefix="talecast-render")
    pending: dict[cf.Future, object] = {}
    try:
        if here:
            pending[here.submit(workers.synthesize_here, missing, cache, engine)] = missing
        elif pool:
            for batch in _batches(missing, jobs=jobs):
                pending[pool.submit(workers.synthesize, batch)] = batch
        for cp in todo:
            pending[renders.submit(render_one, cp)] = cp
        report()
        while pending:
            done, _ = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
            for fut in done:
                what = pending.pop(fut)
                if isinstance(what, ChapterPlan):
                    audio = fut.result()
                    manifest[what.name] = _entry(what, audio)
                    write_manifest(folder, {**keep, **manifest}, **extra)
                    saved = dict(manifest)
                    result.rendered += 1
                    state["chapters"] += 1
                    state["work"] += sum(chars[k] for k in what.keys if k)
                    continue
                try:
                    outcomes = fut.result()
                except cf.BrokenExecutor:  # BrokenProcessPool (not imported: it loads multiprocessing)
                    raise SynthesisError("a synthesis worker process stopped unexpectedly; finished chapters "
                                         "and segments are kept: run the build again to resume") from None
                for outcome in outcomes:
                    if outcome.error:
                        _fail(outcome, where, config)
                    ready.mark(outcome.key)
                    result.synthesized += 1
                    state["segments"] += uses[outcome.key]
                    state["audio"] += outcome.size * uses[outcome.key] / BYTES_PER_SECOND
                    state["work"] += chars[outcome.key]
            report()
    except BaseException:
        ready.abort()
        if pool:
            _stop_pool(pool)
        if here:
            here.shutdown(wait=False, cancel_futures=True)
        renders.shutdown(wait=True, cancel_futures=True)
        # Chapters whose encoding was under way may have finished: keep them for the next run.
        finished = 0
        for fut, what in pending.items():
            if isinstance(what, ChapterPlan) and fut.done() and not fut.cancelled() and not fut.exception():
                manifest[what.name] = _entry(what, fut.result())
                finished += 1
        # Recorded when a chapter finished that the manifest does not hold yet (one whose record the
        # signal cut short, too) or there is no record yet (it names the folder's story); else the
        # manifest written after the last finished chapter (or the last build's) stays whole.
        if finished or manifest != saved or not (folder / MANIFEST).exists():
            with contextlib.suppress(OSError):  # a full disk: the last manifest written stays
                write_manifest(folder, {**keep, **manifest}, **extra)
        raise
    finally:
        for executor in (pool, here):
            if executor:
                executor.shutdown(wait=True, cancel_futures=True)
        renders.shutdown(wait=True)


def _entry(cp: ChapterPlan, audio: render.ChapterAudio) -> dict:
    """A finished chapter's manifest entry: its digest, duration and what it knows of its clips."""
    return {"digest": cp.digest, "duration": round(audio.duration, 3), "bytes": audio.path.stat().st_size,
            "captions": [Path(c).name for c in audio.captions], "clips": audio.layout}


def _layouts(old: dict) -> dict:
    """Every clip the last build's chapters recorded (a line may have moved to another chapter)."""
    out: dict = {}
    for entry in old.values():
        clips = entry.get("clips") if isinstance(entry, dict) else None
        if isinstance(clips, dict):
            out.update(clips)
    return out


def _fail(outcome: workers.Outcome, where: dict, config: voices.VoiceConfig):
    """Raise the error of a failed segment, naming its chapter, position and text."""
    chapter, i, seg = where[outcome.key]
    if outcome.unknown_voice:
        raise ConfigError(f"{config.path}: {outcome.error} (see `talecast voices`)")
    text = seg.text if len(seg.text) <= 80 else seg.text[:77] + "..."
    raise SynthesisError(f"chapter {chapter.index} ({chapter.title}), segment {i + 1} "
                         f"(offset {seg.start}): {outcome.error}: {text!r}")
