"""The speech engine: pyttsx3 on espeak-ng from the espeakng-loader wheel.

``Engine.synthesize(text, voice)`` returns 16-bit mono PCM at ``SAMPLE_RATE``.
One engine per process (pyttsx3's espeak driver cannot be initialised twice).
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import io
import os
import re
import sys
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

from ..errors import SynthesisError
from ..words import SENTENCE_END

SAMPLE_RATE = 22050
SAMPLE_WIDTH = 2
SYNTH_TIMEOUT = 120.0  # seconds for one piece of text (at most PIECE_CHARS)
# Now and then (about once in a few thousand pieces, under load) the engine reports a piece
# finished and leaves no audio for it: it is tried again, after a growing pause.
ATTEMPTS = 4
RETRY_PAUSE = 0.05  # seconds before the second attempt; doubled before each later one
# espeak-ng (through pyttsx3) takes time that grows with the square of the text it is given past
# about a thousand characters (8 KB: 0.84 ms a character, 1 KB: 0.18): longer text is spoken in
# pieces of at most this many characters, cut at sentence ends, then clause marks, then spaces.
PIECE_CHARS = 1000
# Rate, pitch and volume travel inside the text, as espeak-ng embedded commands (Ctrl-A, a value,
# S, P or A), not only through pyttsx3's setProperty: in the asynchronous mode pyttsx3 runs espeak-ng
# in, a parameter is queued behind the engine's own command queue and the next utterance was often
# spoken with an earlier one (an engine idle for a second after it started spoke at pyttsx3's 200
# words a minute; a rate or pitch set after the first stayed at the first for several utterances).
# In the engine id, so that clips made before, maybe at the wrong rate, are made again.
INLINE_PARAMS = "inline-params"
_lock = threading.Lock()
_engines: dict[str | None, "BaseEngine"] = {}  # one engine of each kind a process uses


def _bootstrap_espeak() -> None:
    """Preload libespeak-ng and point espeak at its data, before pyttsx3 loads it."""
    if sys.platform in ("darwin", "win32") or os.environ.get("TALECAST_SYSTEM_ESPEAK"):
        return
    import espeakng_loader

    data = Path(espeakng_loader.get_data_path())
    # espeak-ng crashes on long data paths (deep virtualenvs): use a short symlink, one per
    # data folder (two installs never repoint each other's link under a running engine),
    # put in place atomically (a process starting meanwhile never finds it missing).
    tag = hashlib.sha1(str(data).encode()).hexdigest()[:10]
    short = Path(tempfile.gettempdir()) / f"talecast-espeak-{os.getuid()}-{tag}"
    try:
        if not (short.is_symlink() and os.readlink(short) == str(data)):
            tmp = short.with_name(f"{short.name}.{os.getpid()}")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(data, target_is_directory=True)
            os.replace(tmp, short)
        path = str(short)
    except OSError:
        path = str(data)
    os.environ["ESPEAK_DATA_PATH"] = path
    ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)


def engine_id(spec: str | None = None) -> str:
    """Names the engine (``spec``, see ``get_engine``) and its version, for cache keys."""
    spec = spec or os.environ.get(ENGINE_ENV)
    if spec:
        return f"custom:{spec}"
    return _default_engine_id()


@functools.lru_cache(maxsize=1)
def _default_engine_id() -> str:
    """The default engine's name and versions (looked up once: a build asks several times)."""
    try:
        return f"pyttsx3-{_version('pyttsx3')}/espeakng-loader-{_version('espeakng-loader')}/{INLINE_PARAMS}"
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "pyttsx3"


def _version(name: str) -> str:
    """An installed distribution's version, from its ``NAME-VERSION.dist-info`` folder's name when
    there is one (``importlib.metadata`` costs a build 40 ms to import), else from its metadata."""
    pattern = re.compile(rf"{re.sub(r'[-_.]+', '[-_.]', name)}-([^-]+)\.dist-info", re.I)
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found = [m[1] for n in names if (m := pattern.fullmatch(n))]
        if len(found) == 1:
            return found[0]
        if found:
            break  # several versions side by side: ask the metadata which one is imported
    from importlib.metadata import version

    return version(name)


_CUTS = (SENTENCE_END,                                                    # sentence ends
         re.compile(r"(?<=[,;:\u2014\u2013])\s*"),                         # clause marks
         re.compile(r"\s+"))                                              # words


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters (a word longer than that is cut
    where it must), cut at sentence ends where possible, else at clause marks, else
    between words; joined again they give back ``text`` but for spaces at the cuts."""
    if len(text) <= limit:
        return [text]
    out: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = 0
        for pattern in _CUTS:  # the last cut of the first kind found in the window
            ends = [m.end() for m in pattern.finditer(rest, 0, limit + 1) if 0 < m.end() <= limit
                    and rest[:m.start() or m.end()].strip()]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        head = rest[:cut].strip()
        if head:
            out.append(head)
        rest = rest[cut:]
    if rest.strip():
        out.append(rest.strip())
    return out


class BaseEngine:
    """What the build and `say` need of an engine. ``synthesize`` speaks text of any length by
    pieces (``pieces``) through ``speak``, which subclasses implement for one piece."""

    def voices(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def has_voice(self, voice_id: str) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def speak(self, text: str, voice) -> bytes:  # pragma: no cover - abstract
        raise NotImplementedError

    def synthesize(self, text: str, voice) -> bytes:
        """PCM for ``text`` spoken by ``voice`` (a voices.Voice), piece by piece."""
        return b"".join(self.speak(piece, voice) for piece in pieces(text))

    def close(self):
        pass


class Engine(BaseEngine):
    """A pyttsx3 engine that renders text to PCM, one piece at a time."""

    def __init__(self):
        _bootstrap_espeak()
        import pyttsx3

        driver = "espeak" if sys.platform not in ("darwin", "win32") else None
        self._inline = driver == "espeak"  # embedded commands are espeak-ng's
        self._tts = pyttsx3.init(driver) if driver else pyttsx3.init()
        self._errors: list[Exception] = []
        self._tts.connect("error", lambda name=None, exception=None: self._errors.append(exception))
        # espeak calls back from its own thread: runAndWait can return before the
        # WAV is written, so every synthesis waits for pyttsx3's finished-utterance.
        self._finished = threading.Event()
        self._tts.connect("finished-utterance", lambda name=None, completed=True: self._finished.set())
        # The WAV pyttsx3 writes: made and removed around each piece, so that no process leaves
        # one behind; those of processes killed meanwhile are removed by the next engine.
        _remove_dead_wavs()
        self._tmp = os.path.join(tempfile.gettempdir(), f"talecast-{os.getpid()}-{os.urandom(4).hex()}.wav")
        self._voice_ids: set[str] | None = None

    def voices(self):
        return self._tts.getProperty("voices")

    def has_voice(self, voice_id: str) -> bool:
        if self._voice_ids is None:
            self._voice_ids = {v.id for v in self.voices()}
        base = voice_id.split("+", 1)[0]
        return voice_id in self._voice_ids or base in self._voice_ids

    def speak(self, text: str, voice) -> bytes:
        """PCM for ``text`` (at most a piece) spoken by ``voice`` (a voices.Voice)."""
        for attempt in range(ATTEMPTS):
            if attempt:
                time.sleep(RETRY_PAUSE * 2 ** (attempt - 1))
            self._errors.clear()
            try:
                self._tts.setProperty("voice", voice.id)
            except Exception as exc:
                raise SynthesisError(f"voice '{voice.id}' is not available: {exc}") from None
            self._tts.setProperty("rate", voice.rate)
            self._tts.setProperty("pitch", voice.pitch)
            self._tts.setProperty("volume", voice.volume)
            if self._errors:
                raise SynthesisError(f"voice '{voice.id}' is not available: {self._errors[0]}")
            with open(self._tmp, "wb"):  # never read the previous segment's audio
                pass
            try:
                self._finished.clear()
                with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to"
                    self._tts.save_to_file(self._spoken(text, voice), self._tmp)
                    self._tts.runAndWait()
                    done = self._finished.wait(timeout=SYNTH_TIMEOUT)
                if not done:
                    continue
                try:
                    with wave.open(self._tmp, "rb") as w:
                        frames = w.readframes(w.getnframes())
                        rate = w.getframerate()
                except (OSError, wave.Error, EOFError):
                    frames, rate = b"", SAMPLE_RATE
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(self._tmp)
            if frames and rate == SAMPLE_RATE:
                return frames
        raise SynthesisError(f"the engine produced no audio for: {text[:80]!r}")

    def _spoken(self, text: str, voice) -> str:
        """``text`` as given to the engine: with espeak-ng, led by embedded commands for the voice's
        rate, pitch and volume (see INLINE_PARAMS), and without a Ctrl-A of its own."""
        if not self._inline:
            return text
        return inline_params(voice) + text.replace("\x01", " ")

    def close(self):
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)


def inline_params(voice) -> str:
    """espeak-ng embedded commands setting ``voice``'s rate (words a minute), pitch (0-100) and
    volume (amplitude, 100 for pyttsx3's 1.0), on the scales of pyttsx3's espeak driver."""
    return (f"\x01{int(round(voice.rate))}S\x01{int(round(voice.pitch))}P"
            f"\x01{int(round(voice.volume * 100))}A")


def _remove_dead_wavs() -> None:
    """Remove ``talecast-<pid>-*.wav`` files of processes that no longer run (killed mid-piece),
    and the ``talecast-XXXXXXXX.wav`` that engines of earlier versions kept for their whole
    life, once untouched for an hour (a live one is rewritten at every piece)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(tempfile.gettempdir()):
            if re.fullmatch(r"talecast-[a-z0-9_]{8}\.wav", entry.name):
                with contextlib.suppress(OSError):
                    if time.time() - entry.stat(follow_symlinks=False).st_mtime > 3600 and entry.is_file():
                        os.unlink(entry.path)
                continue
            m = re.fullmatch(r"talecast-(\d+)-[0-9a-f]{8}\.wav", entry.name)
            if not m or int(m.group(1)) == os.getpid():
                continue
            try:
                os.kill(int(m.group(1)), 0)
            except ProcessLookupError:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
            except OSError:
                pass


ENGINE_ENV = "TALECAST_ENGINE"  # "module:Class": another engine (tests use a fake one), inherited by workers


def get_engine(spec: str | None = None) -> BaseEngine:
    """This process's engine of kind ``spec``, created on first use (an engine is costly to start).

    ``spec`` is ``"module:Class"``, a ``BaseEngine`` subclass that takes no arguments
    (tests pass a fake one); None is ``$TALECAST_ENGINE`` if set, else pyttsx3 on
    espeak-ng (``Engine``). A spec (not an engine) is what a build passes to its
    worker processes, each of which makes its own engine.
    """
    spec = spec or os.environ.get(ENGINE_ENV) or None
    with _lock:
        if spec not in _engines:
            if spec:
                import importlib

                module, _, name = spec.partition(":")
                _engines[spec] = getattr(importlib.import_module(module), name)()
            else:
                _engines[spec] = Engine()
        return _engines[spec]


@dataclass(frozen=True)
class EngineVoice:
    """One voice the engine offers, as `talecast voices` lists it."""

    id: str
    name: str
    languages: tuple[str, ...] = ()
    gender: str | None = None


@dataclass(frozen=True)
class Variant:
    """An espeak-ng voice variant: ``+name`` after any voice id (``gmw/en-us+f3``)."""

    name: str
    label: str
    gender: str | None = None


def list_voices() -> list[EngineVoice]:
    """The engine's voices (this process's engine; created on first use)."""
    out = []
    for v in get_engine().voices():
        langs = tuple(lang.decode("utf-8", "replace") if isinstance(lang, bytes) else str(lang)
                      for lang in (v.languages or ()))
        gender = str(v.gender).lower() if v.gender else None
        out.append(EngineVoice(str(v.id), str(v.name or v.id), langs, gender))
    return out


def list_variants() -> list[Variant]:
    """espeak-ng's voice variants (``espeak-ng-data/voices/!v``); empty for other drivers."""
    get_engine()  # sets ESPEAK_DATA_PATH when the bundled espeak-ng is used
    roots = [os.environ.get("ESPEAK_DATA_PATH", ""), "/usr/share/espeak-ng-data",
             "/usr/lib/x86_64-linux-gnu/espeak-ng-data"]
    folder = next((Path(r) / "voices" / "!v" for r in roots if r and (Path(r) / "voices" / "!v").is_dir()), None)
    if sys.platform in ("darwin", "win32") or folder is None:
        return []
    out = []
    for f in sorted(folder.iterdir()):
        label, gender = f.name, None
        with contextlib.suppress(OSError):
            for line in f.read_text("utf-8", "replace").splitlines():
                parts = line.split(None, 1)
                if len(parts) == 2 and parts[0] == "name":
                    label = parts[1].strip()
                elif len(parts) == 2 and parts[0] == "gender":
                    gender = parts[1].split()[0].lower()
        out.append(Variant(f.name, label, gender if gender in ("female", "male") else None))
    return out


def wav_bytes(pcm: bytes) -> bytes:
    """The engine's PCM (mono, ``SAMPLE_WIDTH`` bytes, ``SAMPLE_RATE`` Hz) as a WAV file's bytes."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(SAMPLE_WIDTH)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm)
    return buf.getvalue()
