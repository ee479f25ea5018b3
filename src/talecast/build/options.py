"""``BuildOptions``: how a build runs and what it writes, beside the story and its voices."""
from __future__ import annotations

from dataclasses import dataclass

from ..render.pacing import AudioFormat


@dataclass(frozen=True)
class BuildOptions:
    """Every option of ``talecast build`` (the CLI flag in brackets), frozen.

    ``jobs`` is the number of synthesis worker processes and nothing else;
    ``encoders`` is how many ffmpeg processes encode one chapter's fragments side
    by side (also the number of chapters rendered at once).
    """

    fmt: AudioFormat = AudioFormat()   # bit rate, sample rate, channels (--bitrate, --sample-rate, --channels)
    single: str | None = None          # "m4b" or "mp3": also the whole book in one file (--single)
    cover: bytes | None = None         # image for the tags; None: the story's own (--cover)
    chapters: str | None = None        # only these chapters: "2", "2-4", "3-", "1,3" (--chapters)
    skip_notes: bool = False           # leave out front matter and author's notes (--skip-notes)
    cache: bool = True                 # False: synthesize and encode everything again (--no-cache)
    jobs: int | None = None            # synthesis worker processes; None: one per CPU (--jobs)
    encoders: int | None = None        # ffmpeg processes per chapter; None: as many as jobs
    engine: str | None = None          # "module:Class" of a synth.engine.BaseEngine; None: $TALECAST_ENGINE,
                                       # else pyttsx3 on espeak-ng (tests pass a fake engine here)
