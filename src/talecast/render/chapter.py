"""A chapter: clips and pauses streamed to PCM fragments, encoded by ffmpeg in batches, joined, tagged, captioned."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import captions as captions_mod
from .. import files, interrupt, model
from . import loudness
from ..synth.engine import SAMPLE_RATE
from ..errors import TalecastError
from .ffmpeg import ffmpeg_exe
from .tags import Tags, tag_mp3
from ..model import Pacing
from .clips import prepare_clip
from .pacing import CHUNK, FRAME_BYTES, AudioFormat, frames, pause_after


# --- a chapter ---

@dataclass(frozen=True)
class ChapterAudio:
    """A rendered chapter: its MP3, captions, length and where each segment starts."""

    path: Path
    duration: float                  # seconds
    starts: list[float]              # each segment's start time in the file, seconds
    captions: tuple[Path, ...] = ()
    gain: float = 0.0                # dB applied to bring the chapter to its RMS target
    layout: dict = field(default_factory=dict)  # what a rebuild needs of each clip (render_chapter's keys)


CAPTIONS = ("vtt", "lrc")


FRAGMENT_CHARS = 1500  # at most this much text per fragment (about a minute and a half of speech)
JOIN_DELAY = 1105      # samples LAME (576) and an MP3 decoder (529) put before a stream's first sample
MP3_FRAME = 576        # samples per MP3 frame at SAMPLE_RATE (MPEG-2 layer III)
# LAME's algorithm quality 7 ("fast, ok quality"): about twice as fast as ffmpeg's default (LAME's 3)
# and, for mono speech at 64 kbit/s, no worse by ear; its waveform is closer to the source, too
# (25 dB signal-to-error against 21 dB on the seed). The bit rate is what sets the size.
LAME = ["-c:a", "libmp3lame", "-compression_level", "7"]
GAIN_STEP = 0.5        # dB: the chapter gain is rounded to this, so a small edit keeps fragments reusable
ENCODE_BATCH = 32      # fragments per ffmpeg process (each has its own encoder; two open files each)
BATCH_SECONDS = 90     # a batch of fragments is encoded early once it holds this much audio
HOLD_BYTES = 32 << 20  # new clips a rebuild keeps prepared in memory until written (beyond: prepared again)


@dataclass
class _Fragment:
    """A stretch of a chapter's PCM, cut in the middle of a pause, encoded on its own.

    ``items`` says what it is made of, in order: ``("pause", frames)`` of silence
    and ``("clip", i)``, segment ``i``'s prepared clip; ``digest`` is a hash of
    that list with each clip's content hash, so two fragments with the same
    digest are the same PCM, and a fragment kept from an earlier build is found
    without its audio being made again. ``pcm`` is the file its PCM is written to
    (None until it is needed).
    """

    start: int       # the chapter frame it begins at
    frames: int = 0  # its length
    digest: str = ""
    items: list = field(default_factory=list)
    pcm: Path | None = None


@dataclass(frozen=True)
class ClipInfo:
    """What a chapter needs to know of a prepared clip to lay it out: its content hash, length and RMS."""

    sha: str     # the first 32 hex digits of the sha256 of the prepared PCM ("" when nothing is left)
    frames: int
    rms: int     # audioop.rms of the PCM, as the chapter meter counts it

    @staticmethod
    def of(pcm: bytes) -> "ClipInfo":
        if not pcm:
            return ClipInfo("", 0, 0)
        return ClipInfo(hashlib.sha256(pcm).hexdigest()[:32], len(pcm) // FRAME_BYTES,
                        _audioop().rms(pcm, FRAME_BYTES))


class _Stale(Exception):
    """A clip's audio is not what the layout kept for it says: the chapter is streamed instead."""


def render_chapter(segments, clip, path: Path, tags: Tags, pacing: Pacing = Pacing(),
                   bitrate: str = "64k", *, sample_rate: int = SAMPLE_RATE, channels: int = 1,
                   captions: tuple[str, ...] = CAPTIONS, encoders: int = 1,
                   fragments: Path | None = None, keys=None, layout: dict | None = None) -> ChapterAudio:
    """Render one chapter to a tagged MP3 at ``path`` plus its captions, atomically.

    ``clip(i)`` returns the PCM of ``segments[i]`` (``b""`` when not spoken).
    Captions (``captions``: keys of ``captions.WRITERS``) go beside the MP3 with
    its stem. A pure function of its inputs: workers may call it in parallel for
    different paths.

    A chapter at the engine's sample rate is cut, in the middle of pauses of at
    least 200 ms, wherever the voice changes and at least every ``FRAGMENT_CHARS``
    of text: each fragment is a LAME stream of its own, up to ``ENCODE_BATCH`` of
    them share an ffmpeg process, ``encoders`` processes run side by side, and their
    MP3 frames are joined without re-encoding. Each join moves what follows by at
    most half an MP3 frame plus 47 samples (15 ms); segment starts and caption
    cues are placed from the real frame counts. With ``fragments`` (a folder),
    encoded fragments are kept there by content, so a rebuild re-encodes only the
    fragments that changed: after a voice change, only that voice's lines.

    ``keys`` (one per segment: a string naming its clip's audio, such as its
    cache key, or None when not spoken) and ``layout`` (the ``ChapterAudio.layout``
    of an earlier render) let a rebuild skip the clips it already knows: when at
    most half of the chapter's clips are new, the chapter is laid out from what the
    layout kept of each clip (length, level, content hash), and only the clips of
    fragments not already encoded are read, prepared and encoded. Without them
    (or when most clips are new) every clip is read once, in order, and streamed.
    The result's ``layout`` holds what the next render needs.
    """
    fmt = AudioFormat(bitrate, sample_rate, channels)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    split = _joinable(sample_rate, pacing)
    names = None
    if keys is not None:
        names = [None if k is None else _clip_name(k, seg, pacing) for k, seg in zip(keys, segments)]
    if split and fragments and names and layout:
        spoken = [i for i, n in enumerate(names) if n is not None]
        unknown = [i for i in spoken if _layout_entry(layout.get(names[i])) is None]
        if len(unknown) <= len(spoken) // 2:  # else streamed: one pass, encoding while clips arrive
            try:
                return _render(segments, clip, path, tags, pacing, fmt, captions, encoders, fragments,
                               names, layout, unknown)
            except _Stale:
                pass  # a clip changed under its name (made again after damage): stream it all
    return _render(segments, clip, path, tags, pacing, fmt, captions, encoders, fragments, names)


def _layout_entry(entry) -> ClipInfo | None:
    """A layout entry as a ClipInfo; None when it is not one (a damaged or foreign manifest)."""
    try:
        sha, n, rms = entry
        if isinstance(sha, str) and isinstance(n, int) and isinstance(rms, int) and n >= 0 and rms >= 0:
            return ClipInfo(sha, n, rms)
    except (TypeError, ValueError):
        pass
    return None


def _render(segments, clip, path, tags, pacing, fmt, captions, encoders, fragments, names,
            layout=None, unknown=()) -> ChapterAudio:
    """Render the chapter: streamed (``layout`` None: every clip read once, in order) or laid out
    from ``layout`` (only the clips ``unknown`` to it and those of fragments to encode are read)."""
    temps: list[Path] = []
    encoder = _Encoder(fmt, path, temps, fragments, encoders)
    split = _joinable(fmt.sample_rate, pacing)
    known: dict[int, ClipInfo] = {}
    held: dict[int, bytes] = {}
    try:
        if layout is None:
            def prepared(i):
                pcm = prepare_clip(segments[i], clip(i) or b"", pacing)
                known[i] = ClipInfo.of(pcm)
                return known[i], pcm

            def opener(j):
                return _temp(path, f".{j}.pcm", temps)

            starts, cues, meter, parts = _stream_chapter(segments, prepared, pacing, split, opener, encoder.cut)
        else:
            budget = HOLD_BYTES
            for i in unknown:  # the new clips: prepared, and kept (up to HOLD_BYTES) until their fragment is written
                pcm = prepare_clip(segments[i], clip(i) or b"", pacing)
                known[i] = ClipInfo.of(pcm)
                if len(pcm) <= budget:
                    held[i] = pcm
                    budget -= len(pcm)
            for i, name in enumerate(names):
                if name is not None and i not in known:
                    known[i] = _layout_entry(layout[name])

            def prepared(i):
                return known.get(i), None

            starts, cues, meter, parts = _stream_chapter(segments, prepared, pacing, split)
        mp3_tmp = _temp(path, ".mp3", temps)
        if not split:  # one stream, encoded whole (with its Xing/LAME header: gapless in players)
            gain = _chapter_gain(meter)
            _ffmpeg(["-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", str(parts[0].pcm),
                     "-af", loudness.chapter_filter(gain), *fmt.output_args(),
                     *LAME, "-id3v2_version", "3", "-f", "mp3", str(mp3_tmp)])
            tag_mp3(mp3_tmp, tags)
            offsets, duration = [0], meter.frames / SAMPLE_RATE
        else:
            gain = encoder.choose_gain(parts, meter)
            if layout is not None:  # only the fragments not kept are written out and encoded
                made: dict[str, Path] = {}
                for j, part in enumerate(parts):
                    if part.digest in made:
                        part.pcm = made[part.digest]
                    elif not encoder.available(part, gain):
                        _write_fragment(part, segments, clip, pacing, known, held,
                                        _temp(path, f".{j}.pcm", temps))
                        made[part.digest] = part.pcm
            encoded = encoder.finish(parts, gain)
            mp3_tmp.write_bytes(b"")
            tag_mp3(mp3_tmp, tags)  # first: the frames are appended, not moved to make room for it
            offsets, total = [], 0
            with open(mp3_tmp, "ab") as out:
                for j, (part, mp3) in enumerate(zip(parts, encoded)):
                    offsets.append(total - part.start)
                    mark = out.tell()
                    samples = encoder.append(mp3, out)
                    if samples is None:  # a kept fragment damaged: its PCM made (again) and encoded again
                        out.seek(mark)
                        out.truncate()
                        if layout is not None:
                            _write_fragment(part, segments, clip, pacing, known, held,
                                            _temp(path, f".{j}.again.pcm", temps))
                        samples = encoder.again(part, gain, out)
                    total += samples
            duration = total / SAMPLE_RATE
        for part in parts:
            if part.pcm:
                part.pcm.unlink(missing_ok=True)
        starts = [(offsets[j] + x) / SAMPLE_RATE for j, x in starts]
        cues = [captions_mod.Cue((offsets[j] + a) / SAMPLE_RATE, (offsets[j] + b) / SAMPLE_RATE, text, who)
                for j, a, b, text, who in cues]
        info = captions_mod.CaptionInfo(tags.title, tags.album, tags.artist, duration)
        written = []
        for fmt_name in captions:
            cap = path.with_suffix(f".{fmt_name}")
            written.append(captions_mod.write(cap, fmt_name, cues, info))  # atomic, before the MP3
        os.replace(mp3_tmp, path)  # last: a present MP3 means its captions are complete too
    finally:
        encoder.close()  # no ffmpeg still reading a temporary file
        for t in temps:
            with contextlib.suppress(FileNotFoundError):
                t.unlink()
    kept = {}
    if names:
        for i, name in enumerate(names):
            if name is not None and known.get(i) is not None:
                c = known[i]
                kept[name] = [c.sha, c.frames, c.rms]
    return ChapterAudio(path, duration, starts, tuple(written), gain, kept)


def _joinable(sample_rate: int, pacing: Pacing) -> bool:
    """Whether a chapter is encoded as fragments joined frame for frame: at the engine's own rate,
    with a lead silence long enough for the encoder's priming to replace its start. A chapter of one
    fragment is too (no Xing/LAME header: its MP3 frames join those of other chapters in a
    single-file edition as they are)."""
    return sample_rate == SAMPLE_RATE and frames(pacing.lead) >= 2 * JOIN_DELAY


def _write_fragment(part: _Fragment, segments, clip, pacing: Pacing, known: dict, held: dict, pcm: Path) -> None:
    """Write ``part``'s PCM from its items; raise _Stale when a clip is not what the layout says."""
    with open(pcm, "wb") as out:
        for what, x in part.items:
            if what == "pause":
                _write_silence(out, x)
                continue
            data = held.pop(x) if x in held else prepare_clip(segments[x], clip(x) or b"", pacing)
            if ClipInfo.of(data) != known[x]:
                raise _Stale()
            out.write(data)
    part.pcm = pcm


def _write_silence(out, n: int) -> None:
    while n > 0:
        k = min(n, CHUNK)
        out.write(b"\0" * (k * FRAME_BYTES))
        n -= k


@lru_cache(maxsize=1)
def _render_id() -> str:
    """Changes with the code that prepares a clip (trimming, levels, sentence pauses)."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("clips.py", "loudness.py", "pacing.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()


def _clip_name(key: str, seg, pacing: Pacing) -> str:
    """What a segment's prepared clip is known by in a layout: its audio's key and what preparing it
    depends on (sentence pauses in narration: the text and ``pacing.sentence``)."""
    lengthened = seg.kind in (model.NARRATION, model.NOTE)
    parts = [_render_id(), key, str(seg.kind), *((seg.text, str(pacing.sentence)) if lengthened else ())]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _audioop():
    from .clips import _audioop

    return _audioop()


class _Encoder:
    """Encodes a chapter's fragments in batches, each batch one ffmpeg process with one encoder a fragment.

    Fragments are cut finely (one voice's run of lines each), so a changed voice
    re-encodes little; a process a fragment would cost more than the encoding,
    so up to ``ENCODE_BATCH`` fragments share one ffmpeg (``-map`` per output),
    each still a separate LAME stream that can be replaced and joined alone.
    While the chapter streams, fragments not already kept are encoded early, a
    batch at a time, with the gain of the chapter so far; ``finish`` encodes what
    the final gain still lacks, spread over ``encoders`` processes.
    """

    def __init__(self, fmt: AudioFormat, path: Path, temps: list[Path], store: Path | None, encoders: int):
        self.fmt, self.path, self.temps, self.store = fmt, path, temps, store
        self.encoders = max(1, encoders)
        self.pool = ThreadPoolExecutor(max_workers=self.encoders, thread_name_prefix="talecast-encode")
        self.done: dict[tuple[str, float], object] = {}  # (digest, gain) -> kept Path or Future of a Path
        self.queue: list[_Fragment] = []
        self.prefixes: dict[float, bytes] = {}  # gain -> the start of each fragment's store key
        self.paths: dict[tuple[str, float], Path] = {}  # (digest, gain) -> where it is kept

    def cut(self, part: _Fragment, meter: loudness.ChapterMeter) -> None:
        """A fragment is complete: queue it for early encoding unless it is kept at a gain near the estimate."""
        gain = _chapter_gain(meter)
        if any(self.available(part, gain + d) for d in (-GAIN_STEP, 0.0, GAIN_STEP)):
            return
        self.queue.append(part)
        if len(self.queue) >= ENCODE_BATCH or sum(p.frames for p in self.queue) >= BATCH_SECONDS * SAMPLE_RATE:
            self._submit(self.queue, _chapter_gain(meter))  # the latest estimate, from the most audio
            self.queue = []

    def available(self, part: _Fragment, gain: float) -> bool:
        """Whether ``part`` is encoded (or being encoded) at ``gain``."""
        if (part.digest, gain) in self.done:
            return True
        kept = self._kept(part, gain)
        if kept and files.sealed_size(kept) is not None:  # whole; its checksum is checked as it is read
            self.done[part.digest, gain] = kept
            return True
        return False

    def append(self, mp3: Path, out) -> int | None:
        """Append a fragment's MP3 frames to ``out``, in chunks; return the samples they decode to.
        None for a kept one (sealed) that reads as damaged: what was appended is then the caller's
        to cut off."""
        if self.store and Path(mp3).suffix == ".mp3" and Path(mp3).parent.parent == Path(self.store):
            return _append_sealed(mp3, out)
        with open(mp3, "rb") as f:
            return _append_frames(f, os.fstat(f.fileno()).st_size, out, mp3)

    def again(self, part: _Fragment, gain: float, out) -> int:
        """Encode ``part`` (its PCM written) at ``gain`` again, now, and append it: its kept MP3 was damaged."""
        mp3 = self._encode([part], gain)[0]
        self.done[part.digest, gain] = mp3
        samples = self.append(mp3, out)
        if samples is None:
            raise TalecastError(f"an encoded fragment in the cache changed during the build ({mp3}): "
                                "run the build again")
        return samples

    def choose_gain(self, parts: list[_Fragment], meter: loudness.ChapterMeter) -> float:
        """The chapter gain: a multiple of ``GAIN_STEP`` within ``GAIN_STEP`` of the exact one, the one
        with the most audio already encoded (then the nearest), so a small change re-encodes little."""
        exact = meter.gain_to(loudness.CHAPTER_LEVEL)
        base = _chapter_gain(meter)
        options = [g for g in (base - GAIN_STEP, base, base + GAIN_STEP) if abs(g - exact) <= GAIN_STEP] or [base]
        have = {g: sum(p.frames for p in parts if (p.digest, g) in self.done or self._there(p, g)) for g in options}
        return max(options, key=lambda g: (have[g], -abs(g - exact)))

    def _there(self, part: _Fragment, gain: float) -> bool:
        """Whether a file is kept for ``part`` at ``gain`` (a stat, to choose the gain: ``available``
        checks the one chosen)."""
        kept = self._kept(part, gain)
        return bool(kept) and os.path.isfile(kept)

    def finish(self, parts: list[_Fragment], gain: float) -> list[Path]:
        """Every fragment's MP3 at ``gain``: kept, encoded early, or encoded now."""
        self.queue = []
        missing = list({p.digest: p for p in parts if not self.available(p, gain)}.values())  # each once
        n = max(min(self.encoders, len(missing)), -(-len(missing) // ENCODE_BATCH))
        size = sum(p.frames for p in missing) / max(n, 1)
        batch, acc = [], 0
        for p in missing:  # batches of about equal audio, in order
            batch.append(p)
            acc += p.frames
            if acc >= size * (1 - 1e-9) or len(batch) >= ENCODE_BATCH:
                self._submit(batch, gain)
                batch, acc = [], 0
        if batch:
            self._submit(batch, gain)
        out = []
        for p in parts:
            got = self.done[p.digest, gain]
            out.append(got.result() if hasattr(got, "result") else got)
        return out

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _kept(self, part: _Fragment, gain: float) -> Path | None:
        """Where ``part`` encoded at ``gain`` is kept: a hash of its PCM, the encoder and its options."""
        if not self.store:
            return None
        path = self.paths.get((part.digest, gain))
        if path is None:
            prefix = self.prefixes.get(gain)
            if prefix is None:
                prefix = self.prefixes[gain] = json.dumps([self._args(gain), _encoder_id()]).encode()
            key = hashlib.sha256(prefix + part.digest.encode()).hexdigest()
            path = self.paths[part.digest, gain] = Path(os.path.join(self.store, key[:2], key + ".mp3"))
        return path

    def _args(self, gain: float) -> list[str]:
        return ["-af", loudness.chapter_filter(gain), *self.fmt.output_args(), *LAME,
                "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3"]

    def _submit(self, batch: list[_Fragment], gain: float) -> None:
        batch = list(batch)
        future = self.pool.submit(self._encode, batch, gain)
        for j, p in enumerate(batch):
            self.done[p.digest, gain] = _Item(future, j)

    def _encode(self, batch: list[_Fragment], gain: float) -> list[Path]:
        """Encode ``batch`` in one ffmpeg to bare MP3 frames (no Xing header, no tags), kept in the store."""
        args, outs = [], []
        for part in batch:
            # Its first JOIN_DELAY frames (silence: a pause's half) are left out: the encoder's
            # priming takes their place, so every sample after them decodes at its own time.
            args += ["-skip_initial_bytes", str(JOIN_DELAY * FRAME_BYTES), "-f", "s16le",
                     "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", str(part.pcm)]
        for j, part in enumerate(batch):
            outs.append(_temp(self.path, ".frag.mp3", self.temps))
            args += ["-map", f"{j}:a", *self._args(gain), str(outs[-1])]
        _ffmpeg(args)
        done = []
        for part, out in zip(batch, outs):
            kept = self._kept(part, gain)
            if not kept:
                done.append(out)
                continue
            kept.parent.mkdir(parents=True, exist_ok=True)
            # Copied, sealed and flushed, never renamed: the cache may be on another file system.
            data = out.read_bytes()
            files.write_sealed(kept, data)
            out.unlink(missing_ok=True)
            done.append(kept)
        return done


@dataclass(frozen=True)
class _Item:
    """One fragment's MP3 out of a batch being encoded."""

    future: object
    index: int

    def result(self) -> Path:
        return self.future.result()[self.index]


def _chapter_gain(meter: loudness.ChapterMeter) -> float:
    """The gain to the chapter's RMS target, rounded to ``GAIN_STEP``."""
    return round(meter.gain_to(loudness.CHAPTER_LEVEL) / GAIN_STEP) * GAIN_STEP


def _stream_chapter(segments, prepared, pacing: Pacing, split: bool, opener=None, on_cut=None):
    """Lay out the chapter's PCM in fragments; with ``opener``, write each to the file ``opener(j)`` names.

    ``prepared(i)`` gives segment ``i``'s ClipInfo (None when not spoken) and its
    prepared PCM (None when only laid out). Returns segment starts as (fragment,
    chapter frame), cues as (fragment, start frame, end frame, text, speaker), the
    chapter's meter and the fragments. Cuts fall in the middle of pauses long
    enough to hide a join (at least 200 ms), wherever the voice changes
    (narration, or another speaker's lines) and once a fragment holds
    ``FRAGMENT_CHARS`` of text: they depend on the text and its speakers alone,
    never on the audio, so a changed voice leaves the other fragments byte for
    byte the same. The first half of a cut pause is shortened or lengthened (by at
    most half an MP3 frame, 13 ms) so that the fragment fills whole MP3 frames: the
    join then adds only 47 samples (2 ms) of encoder padding. ``on_cut(fragment,
    meter)`` is called as each fragment but the last is complete.
    """
    meter = loudness.ChapterMeter(SAMPLE_RATE)
    starts: list[tuple[int, int]] = []
    cues: list[tuple] = []
    segments = list(segments)
    parts: list[_Fragment] = []
    state = {"part": None, "out": None, "hash": None}

    def open_part() -> None:
        close_part()
        part = _Fragment(meter.frames)
        state.update(part=part, hash=hashlib.sha256(), out=None)
        if opener:
            part.pcm = opener(len(parts))
            state["out"] = open(part.pcm, "wb")

    def close_part() -> None:
        part = state["part"]
        if part:
            if state["out"]:
                state["out"].close()
            part.frames = meter.frames - part.start
            part.digest = state["hash"].hexdigest()
            parts.append(part)
            state["part"] = None

    def add_silence(n: int) -> None:
        if n <= 0:
            return
        state["part"].items.append(("pause", n))
        state["hash"].update(b"p%d\n" % n)
        if state["out"]:
            _write_silence(state["out"], n)
        meter.add_silence(n)

    def pause(ms: int, cut: bool = False) -> None:
        n = frames(ms)
        halves = [n // 2, n - n // 2] if cut else [n]
        if cut:  # the fragment, less the samples the encoder's priming replaces, fills whole MP3 frames
            over = (meter.frames - state["part"].start + halves[0] - JOIN_DELAY) % MP3_FRAME
            halves[0] += -over if over <= MP3_FRAME // 2 else MP3_FRAME - over
        for h, n in enumerate(halves):
            if h:
                open_part()
                if on_cut:
                    on_cut(parts[-1], meter)
            add_silence(n)

    def voice(seg) -> tuple:
        return (seg.kind == model.DIALOGUE, seg.speaker if seg.kind == model.DIALOGUE else None)

    def cut_after(seg, nxt, ms: int) -> bool:
        return (split and nxt is not None and (voice(seg) != voice(nxt) or chars >= FRAGMENT_CHARS)
                and frames(ms) // 2 >= 2 * JOIN_DELAY and frames(pacing.lead) >= 2 * JOIN_DELAY)

    open_part()
    pause(pacing.lead)
    chars = 0
    for i, seg in enumerate(segments):
        start = meter.frames
        starts.append((len(parts), start))
        chars += len(seg.text)
        info, pcm = prepared(i)
        if info is not None and info.frames:
            state["part"].items.append(("clip", i))
            state["hash"].update(b"c" + info.sha.encode() + b"\n")
            if state["out"]:
                state["out"].write(pcm)
            meter.add_measured(info.frames, info.rms)
            speaker = seg.speaker if seg.kind == model.DIALOGUE else None
            cues.append((len(parts), start, meter.frames, seg.text, speaker))
        elif seg.kind != model.BREAK:
            continue  # nothing spoken: no pause of its own either
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        ms = pause_after(seg, nxt, pacing)
        cut = cut_after(seg, nxt, ms)
        pause(ms, cut)
        if cut:
            chars = 0
    pause(pacing.tail)
    close_part()
    return starts, cues, meter, parts


@lru_cache(maxsize=1)
def _encoder_id() -> str:
    """The ffmpeg binary's version line: fragments encoded by another encoder are not reused."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-version"], capture_output=True, text=True,
                          errors="replace")
    return proc.stdout.splitlines()[0] if proc.stdout else ffmpeg_exe()


# MPEG audio: bit rates (kbit/s) by version and index, sample rates by version and index.
_BITRATES = {1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
             2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


COPY_BYTES = 1 << 20  # a fragment is copied into its chapter this much at a time


def _append_sealed(path: Path, out) -> int | None:
    """``_append_frames`` of a sealed file (``files.seal``), its checksum worked out as it is copied;
    None when it is damaged (absent, cut short, not MP3 frames, or its checksum differs)."""
    try:
        with open(path, "rb") as f:
            n = files.sealed_size(path)
            head = f.read(files.HEADER)
            if n is None or len(head) != files.HEADER:
                return None
            hasher = hashlib.blake2b(digest_size=16)
            samples = _append_frames(f, n, out, path, hasher)
    except (OSError, TalecastError):
        return None
    return samples if hasher.digest() == head[-16:] else None


def _append_frames(f, n: int, out, src: Path, hasher=None) -> int:
    """Copy the ``n`` bytes of MPEG layer III frames that follow in ``f`` (of ``src``) to ``out``, a
    chunk at a time (a fragment is never held whole); return how many samples they decode to.

    ffmpeg decodes every frame of a stream with no Xing/LAME header (nothing is
    skipped at the start or trimmed at the end): frames x samples per frame.
    """
    samples, pending, left, at = 0, b"", n, 0
    while True:
        chunk = f.read(min(COPY_BYTES, left)) if left else b""
        if left and not chunk:
            raise TalecastError(f"{src} ends inside an MP3 frame")
        left -= len(chunk)
        if hasher:
            hasher.update(chunk)
        data = pending + chunk
        pos = 0
        while pos + 4 <= len(data):
            size, per_frame = _frame(data[pos], data[pos + 1], data[pos + 2])
            if size == 0:
                raise TalecastError(f"ffmpeg wrote something other than MP3 frames at byte {at + pos} of {src}")
            if size < 0:
                raise TalecastError(f"an MP3 frame of {src} has no bit rate (byte {at + pos})")
            if pos + size > len(data):
                break
            pos += size
            samples += per_frame  # fragments are encoded at SAMPLE_RATE
        out.write(data[:pos])
        pending, at = data[pos:], at + pos
        if not left:
            if pending:
                raise TalecastError(f"{src} ends inside an MP3 frame")
            return samples


@lru_cache(maxsize=256)
def _frame(b0: int, b1: int, b2: int) -> tuple[int, int]:
    """(bytes, samples) of the MP3 frame whose header starts with these bytes; size 0 when they
    are not a layer III frame header, -1 when it has no bit rate (free format)."""
    if (b0 != 0xFF or (b1 & 0xE0) != 0xE0 or (b1 >> 3) & 3 == 1 or (b1 >> 1) & 3 != 1
            or b2 >> 4 == 15 or (b2 >> 2) & 3 == 3):
        return 0, 0
    version = (b1 >> 3) & 3  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    kbps = _BITRATES[1 if version == 3 else 2][b2 >> 4]
    rate = _RATES[version][(b2 >> 2) & 3]
    per_frame = 1152 if version == 3 else 576
    size = per_frame // 8 * kbps * 1000 // rate + ((b2 >> 1) & 1)
    return (size if size > 4 else -1), per_frame


def _temp(path: Path, suffix: str, temps: list[Path]) -> Path:
    """A unique hidden temporary name beside ``path`` (created by whoever writes it)."""
    tmp = path.with_name(f".{path.stem}.{os.getpid()}-{os.urandom(4).hex()}{suffix}.part")
    temps.append(tmp)
    return tmp


def _ffmpeg(args: list[str]) -> None:
    proc = interrupt.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args],
                         text=True, errors="replace")
    if proc.returncode:
        raise TalecastError(f"ffmpeg failed: {proc.stderr.strip()[-500:]}")
