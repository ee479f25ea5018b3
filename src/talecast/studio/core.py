"""The studio's state and actions, without the web: the page's server calls these.

A ``Studio`` holds one story and one voice config. Everything it shows is
computed from those two files, re-read whenever either changes on disk (so a
hand edit while the studio runs shows at the next request), through the same
functions a build uses: the parsed script, the corrections, the Caster that
gives every segment its voice, and the segment cache. A line heard here is
synthesized by a worker process like the build's into that cache, under the
key the build will look for, so the build does not synthesize it again.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import build as build_mod
from .. import model, pipeline, voices
from ..voices import corrections as _corrections
from ..synth import cache as cache_mod
from ..synth import workers
from ..synth.engine import engine_id, wav_bytes
from ..errors import ConfigError, SynthesisError, TalecastError
from ..build.pool import _stop_pool, start_workers
from ..build.records import read_manifest
from ..build.script_cache import parsed_script
from . import configedit

# One colour per character, most lines first; the narrator's lines are plain text.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e377c2", "#8c564b", "#17becf", "#bcbd22",
           "#ff7f0e", "#7f7f7f", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd", "#e6550d")
UNSURE = _corrections.UNSURE
UNSURE_COLOUR = "#999999"
NARRATOR_COLOUR = "#444444"
HEAR_TIMEOUT = 120.0


class NotFound(TalecastError):
    """The page named a line, chapter or character the story does not have."""


def words(text: str) -> str:
    """Text as corrections match it: case, punctuation and spacing ignored."""
    return " ".join(re.findall(r"\w+", text.lower()))


@dataclass
class _State:
    """What the studio shows, computed from the story and the config as they are on disk."""

    stamp: tuple
    config: voices.VoiceConfig
    script: model.Script
    characters: list
    caster: voices.Caster
    colours: dict = field(default_factory=dict)


class _Stop(BaseException):
    """Raised from the build's progress callback to stop a running build."""


class BuildJob:
    """The same incremental build as ``talecast build``, on a thread of its own.

    The page polls ``status()``; a reload of the page finds the job where it is.
    """

    def __init__(self, studio: "Studio"):
        self.studio = studio
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.state = "idle"          # idle, running, done, failed, stopped
        self.fraction = 0.0
        self.detail = ""
        self.message = ""

    def start(self) -> bool:
        """Start a build unless one is running; True when this call started it."""
        with self._lock:
            if self.state == "running":
                return False
            self._stop.clear()
            self.state, self.fraction, self.detail, self.message = "running", 0.0, "starting", ""
            self._thread = threading.Thread(target=self._run, name="talecast-studio-build", daemon=True)
            self._thread.start()
            return True

    def _progress(self, ev) -> None:
        if self._stop.is_set():
            raise _Stop()
        self.fraction = ev.fraction
        self.detail = (f"chapters {ev.chapters_done}/{ev.chapters_total}, "
                       f"segments {ev.segments_done}/{ev.segments_total}")

    def _run(self) -> None:
        started = time.monotonic()
        try:
            result = build_mod.build_story(self.studio.story, self.studio.voices_file, self.studio.out,
                                           progress=self._progress)
        except _Stop:
            self.state, self.message = "stopped", "stopped: finished chapters are kept"
            return
        except TalecastError as exc:
            self.state, self.message = "failed", str(exc)
            return
        except Exception as exc:  # a bug: show it rather than die silently on a thread
            self.state, self.message = "failed", f"{type(exc).__name__}: {exc}"
            return
        self.fraction, self.state = 1.0, "done"
        self.message = (f"Wrote {len(result.files)} chapter(s), {sum(result.durations) / 60:.1f} min of audio, "
                        f"in {time.monotonic() - started:.1f} s ({result.counts()})")

    def stop(self, wait: float = 30.0) -> None:
        self._stop.set()
        t = self._thread
        if t and t.is_alive():
            t.join(wait)

    def status(self) -> dict:
        return {"state": self.state, "fraction": round(self.fraction, 4), "detail": self.detail,
                "message": self.message}


class Studio:
    """One story and its voice config, as the page sees and changes them."""

    def __init__(self, story: Path, voices_file: Path, out: Path):
        self.story = Path(story)
        self.voices_file = Path(voices_file)
        self.out = Path(out).absolute()  # files are served from here, whatever the server's idea of a root
        self.cache = cache_mod.SegmentCache()
        self._lock = threading.RLock()
        self._state: _State | None = None
        self._parsed = None  # (stamp of the story, script, characters)
        self._pool = None
        self._pool_lock = threading.Lock()
        self._closed = False
        self.job = BuildJob(self)

    # ------------------------------------------------------------------ state

    @staticmethod
    def _stamp(path: Path) -> tuple:
        st = path.stat()
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def state(self) -> _State:
        """The current state, recomputed when the story or the config changed on disk."""
        with self._lock:
            try:
                stamp = (self._stamp(self.story), self._stamp(self.voices_file))
            except OSError as exc:
                raise ConfigError(f"{exc.filename}: cannot read it ({exc.strerror})") from None
            if self._state is None or self._state.stamp != stamp:
                self._state = self._compute(stamp)
            return self._state

    def _compute(self, stamp: tuple) -> _State:
        config = configedit.validate(self.voices_file)
        if self._parsed is None or self._parsed[0] != stamp[0]:
            script, found = parsed_script(self.story, False, self.cache.root)
            self._parsed = (stamp[0], script, found)
        _, script, found = self._parsed
        script = _corrections.apply(script, config.corrections)  # [[lines]], as the build applies them
        characters = list(found)  # as build_story does: the story's characters, then the config's
        names = {c.name for c in characters}
        characters += [c for c in pipeline.characters_from_config(config) if c.name not in names]
        caster = voices.Caster(config, {c.name: c.gender for c in characters})
        caster.plan(script)
        lines: dict[str, int] = {}
        for seg in script.segments:
            if seg.kind == model.DIALOGUE and seg.speaker:
                entry = config.character(seg.speaker)
                key = entry.name if entry else seg.speaker
                lines[key] = lines.get(key, 0) + 1
        ranked = sorted(config.characters, key=lambda n: (-lines.get(n, 0), n))
        ranked += sorted((n for n in lines if n not in config.characters and n != voices.NARRATOR),
                         key=lambda n: (-lines[n], n))
        colours = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(ranked)}
        colours.setdefault(voices.NARRATOR, NARRATOR_COLOUR)  # a quote corrected to the narrator
        return _State(stamp, config, script, characters, caster, colours)

    # ------------------------------------------------------------------ what the page shows

    def _name(self, st: _State, speaker: str | None) -> str | None:
        entry = st.config.character(speaker)
        return entry.name if entry else speaker

    def script_json(self) -> dict:
        st = self.state()
        chapters = []
        for ch in st.script.chapters:
            segs = []
            for i, seg in enumerate(ch.segments):
                d = {"id": f"{ch.index}-{i}", "kind": seg.kind, "text": seg.text, "paragraph": seg.paragraph}
                if seg.kind == model.DIALOGUE:
                    name = self._name(st, seg.speaker)
                    conf = seg.confidence
                    d["speaker"] = name
                    d["colour"] = st.colours.get(name, UNSURE_COLOUR) if name else UNSURE_COLOUR
                    # below the attribution's threshold a quote keeps no speaker (read by the unsure voice)
                    d["flagged"] = name is None and not seg.corrected
                    if conf is not None:
                        d["confidence"] = round(conf, 2)
                if seg.corrected:
                    d["corrected"] = True
                    if seg.kind == model.NARRATION:  # a quote corrected to "not speech"
                        d["not_speech"], d["colour"] = True, NARRATOR_COLOUR
                segs.append(d)
            chapters.append({"index": ch.index, "title": ch.title, "segments": segs})
        return {"title": st.script.title, "author": st.script.author, "story": self.story.name,
                "config": str(self.voices_file), "chapters": chapters, "cast": self.cast_json(st),
                "speakers": [*st.config.characters, voices.NARRATOR, UNSURE],
                "language": self.language(st), "build": self.job.status(), "audio": self.chapters_built()}

    def cast_json(self, st: _State | None = None) -> list[dict]:
        st = st or self.state()
        counts: dict[str, int] = {}
        for seg in st.script.segments:
            if seg.kind == model.DIALOGUE:
                name = self._name(st, seg.speaker)
                counts[name] = counts.get(name, 0) + 1
        n = st.config.narrator
        out = [{"name": voices.NARRATOR, "narrator": True, "colour": "", "voice": n.id, "rate": n.rate,
                "pitch": n.pitch, "own_voice": True, "lines": None}]
        for name, c in sorted(st.config.characters.items(), key=lambda kv: list(st.colours).index(kv[0])
                              if kv[0] in st.colours else 1 << 30):
            voice = st.caster.speaker_voice(name)
            out.append({"name": name, "colour": st.colours.get(name, UNSURE_COLOUR), "aliases": list(c.aliases),
                        "gender": c.gender, "voice": voices.NARRATOR if c.narrator else voice.id if voice else "",
                        "own_voice": c.voice is not None or c.narrator,
                        "rate": voice.rate if voice else c.rate, "pitch": voice.pitch if voice else c.pitch,
                        "skip": c.skip, "lines": counts.get(name, 0)})
        return out

    def language(self, st: _State) -> str:
        """The language the voice list starts on: the narrator's."""
        catalog = voices.Catalog.from_engine()
        base = st.config.narrator.id.split("+", 1)[0]
        v = catalog.ids.get(base)
        if v is not None and v.languages:
            return v.languages[0]
        return st.script.language or "en"

    def voice_choices(self, language: str | None, gender: str | None) -> list[str]:
        """The engine's voices for ``language``; on espeak-ng each with its variants of ``gender``."""
        catalog = voices.Catalog.from_engine()
        found = catalog.matching(language) if language else sorted(catalog.voices, key=lambda v: v.id)
        if catalog.variants:
            genders = [gender] if gender in ("female", "male") else ["female", "male"]
            variants = [n for g in genders for n in catalog.numbered(g)]
            plain = gender not in ("female", "male")  # the narrator's list: the voices as they are, too
            return [i for v in found for i in ([v.id] if plain else []) + [f"{v.id}+{n}" for n in variants]]
        if gender in ("female", "male"):
            found = [v for v in found if v.gender == gender] or found
        return [v.id for v in found]

    def languages(self) -> list[str]:
        return voices.Catalog.from_engine().languages()

    # ------------------------------------------------------------------ lines

    def segment(self, chapter: int, index: int, st: _State | None = None) -> model.Segment:
        st = st or self.state()
        if not 1 <= chapter <= len(st.script.chapters):
            raise NotFound(f"the story has no chapter {chapter}")
        segs = st.script.chapters[chapter - 1].segments
        if not 0 <= index < len(segs):
            raise NotFound(f"chapter {chapter} has no line {index}")
        return segs[index]

    def line_audio(self, chapter: int, index: int) -> bytes:
        """The line as a WAV file: from the segment cache, or synthesized into it now."""
        st = self.state()
        said = build_mod.spoken(st.caster, self.segment(chapter, index, st))
        if said is None:
            raise NotFound("this line is not spoken (a scene break, or a character with skip = true)")
        k = cache_mod.key(engine_id(), *said)
        pcm = self.cache.get(k)
        if pcm is None:
            pcm = self._synthesize(workers.Task(k, *said), st.config)
        return wav_bytes(pcm)

    def warm_up_later(self, delay: float = 1.5) -> None:
        """Start the synthesis worker in the background, so the first line heard does not wait for it;
        after ``delay`` seconds, so that its start (a second of CPU) does not slow the page's first load."""
        def warm():
            time.sleep(delay)
            try:
                self._worker()
            except SynthesisError:  # stopped meanwhile
                pass

        threading.Thread(target=warm, name="talecast-studio-warm-up", daemon=True).start()

    def _worker(self):
        with self._pool_lock:
            if self._closed:
                raise SynthesisError("the studio is stopping")
            if self._pool is None:
                self._pool = start_workers(1, self.cache.root)
            return self._pool

    def _synthesize(self, task: workers.Task, config: voices.VoiceConfig) -> bytes:
        outcome = self._worker().submit(workers.synthesize, [task]).result(HEAR_TIMEOUT)[0]
        if outcome.unknown_voice:
            raise ConfigError(f"{config.path}: {outcome.error} (see `talecast voices`)")
        if outcome.error:
            raise SynthesisError(outcome.error)
        pcm = self.cache.get(task.key)
        if pcm is None:
            raise SynthesisError(f"segment audio vanished from the cache ({self.cache.path(task.key)})")
        return pcm

    # ------------------------------------------------------------------ edits

    def set_speaker(self, chapter: int, index: int, speaker: str | None = None, kind: str | None = None) -> dict:
        """Correct who says a quote (or, ``kind="narration"``, that it is not speech): a ``[[lines]]``
        entry naming it by its words."""
        st = self.state()
        seg = self.segment(chapter, index, st)
        if seg.kind not in (model.DIALOGUE, model.NARRATION):
            raise NotFound("only a quote or a passage of narration can be given a speaker")
        if (speaker is None) == (kind is None):
            raise ConfigError("give a speaker, or kind = \"narration\" for a quote that is not speech")
        if kind is not None:
            if kind != _corrections.NARRATION or not (seg.kind == model.DIALOGUE or seg.corrected):
                raise ConfigError(f"kind = \"{kind}\": only a quote can be read as narration (kind = \"narration\")")
        elif speaker not in (voices.NARRATOR, UNSURE) and speaker not in st.config.characters:
            raise ConfigError(f"{self.voices_file}: no character '{speaker}' (choose one of "
                              f"{', '.join([*st.config.characters, voices.NARRATOR, UNSURE])})")
        key = words(seg.text)
        if not key:
            raise NotFound("this line has no words to name it by")
        text = " ".join(seg.text.split())
        chapter_arg, occurrence = self._locate(seg, chapter, text, speaker, kind)
        with configedit.write_lock:  # one edit at a time; add_correction re-reads the file first
            _corrections.add_correction(self.voices_file, text, speaker, kind=kind, chapter=chapter_arg,
                                        occurrence=occurrence)
        return self.script_json()

    def _locate(self, seg: model.Segment, chapter: int, text: str, speaker: str | None,
                kind: str | None = None) -> tuple:
        """The fewest of ``chapter`` and ``occurrence`` with which a correction of ``text`` names ``seg``,
        found the way the build will look for it (on the story's script before any correction)."""
        base = self._parsed[1]
        key = _corrections.words_key(text)
        count = sum(_corrections.words_key(s.text).count(key) for s in base.segments
                    if s.kind in (model.DIALOGUE, model.NARRATION))
        tries = [(None, None), (chapter, None)]
        # an occurrence within the chapter first: an edit of another chapter leaves it right
        tries += [(c, n) for c in (chapter, None) for n in range(1, min(count, 200) + 1)]
        for chapter_arg, occurrence in tries:
            c = _corrections.Correction(text, speaker=speaker, kind=kind, chapter=chapter_arg,
                                        occurrence=occurrence, path=str(self.voices_file))
            try:
                fixed = _corrections.apply(base, (c,))
            except ConfigError:
                continue
            hit = next((s for s in fixed.chapters[chapter - 1].segments if s.corrected), None) \
                if chapter_arg in (None, chapter) else None
            if hit is not None and hit.start <= seg.start < max(hit.end, hit.start + 1):
                return chapter_arg, occurrence
        raise ConfigError(f"cannot name this line by its words: \"{text[:60]}\" (edit {self.voices_file} by hand)")

    def set_character(self, name: str, changes: dict) -> dict:
        """Change a character's (or the narrator's) settings; say which line auditions it."""
        configedit.set_character(self.voices_file, name, changes)
        st = self.state()
        audition = None
        for ch in st.script.chapters:
            for i, seg in enumerate(ch.segments):
                if name == voices.NARRATOR and seg.kind == model.NARRATION \
                        or seg.kind == model.DIALOGUE and self._name(st, seg.speaker) == name:
                    audition = f"{ch.index}-{i}"
                    break
            if audition:
                break
        return {"audition": audition, "script": self.script_json()}

    # ------------------------------------------------------------------ built chapters

    def folder(self) -> Path:
        return self.out / build_mod.slugify(self.state().script.title)

    def chapters_built(self) -> list[dict]:
        """The chapter MP3s the output folder holds (from its manifest), by chapter number."""
        folder = self.folder()
        out = []
        for name, entry in sorted(read_manifest(folder).items()):
            m = re.match(r"(\d+) - ", name)
            if m and (folder / name).is_file():
                out.append({"chapter": int(m.group(1)), "name": name,
                            "duration": entry.get("duration") if isinstance(entry, dict) else None})
        return out

    def chapter_file(self, chapter: int, suffix: str = ".mp3") -> Path:
        for c in self.chapters_built():
            if c["chapter"] == chapter:
                return (self.folder() / c["name"]).with_suffix(suffix)
        raise NotFound(f"chapter {chapter} has not been built yet")

    def chapter_cues(self, chapter: int) -> list[dict]:
        """The chapter's caption cues, each with the id of the line it shows."""
        path = self.chapter_file(chapter, ".vtt")
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            return []
        chapters = self.state().script.chapters
        if not 1 <= chapter <= len(chapters):  # built from an older version of the story
            return []
        segs = list(enumerate(chapters[chapter - 1].segments))
        pos, out = 0, []
        for block in text.split("\n\n")[1:]:
            m = re.search(r"(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})\n(.*)", block, re.S)
            if not m:
                continue
            t = [int(x) for x in m.groups()[:8]]
            start = t[0] * 3600 + t[1] * 60 + t[2] + t[3] / 1000
            end = t[4] * 3600 + t[5] * 60 + t[6] + t[7] / 1000
            said = words(re.sub(r"</?v[^>]*>", "", m.group(9)).replace("&lt;", "<").replace("&gt;", ">")
                         .replace("&amp;", "&"))
            for j in range(pos, len(segs)):
                if words(segs[j][1].text) == said:
                    out.append({"start": start, "end": end, "id": f"{chapter}-{segs[j][0]}"})
                    pos = j + 1
                    break
        return out

    def close(self) -> None:
        """Stop a running build (finished chapters are kept) and the synthesis worker."""
        self.job.stop()
        with self._pool_lock:
            self._closed = True
            if self._pool is not None:
                _stop_pool(self._pool)
                self._pool = None
