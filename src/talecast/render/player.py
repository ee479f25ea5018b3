"""`talecast say`: speak one line in one voice, to a file or an audio player."""
from __future__ import annotations

from pathlib import Path

from .. import files, model
from ..errors import TalecastError
from ..voices import Voice, VoiceConfig
from .chapter import render_chapter
from .tags import Tags


PLAYERS = (("paplay",), ("aplay", "-q"), ("afplay",), ("ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"),
           ("play", "-q"))


def say(text: str, voice: Voice, out: Path | None = None, config: VoiceConfig | None = None) -> Path | None:
    """Speak ``text`` in ``voice`` (after the config's pronunciations) to ``out`` or a player.

    ``out`` ending in ``.wav`` gets a WAV file, anything else an MP3. Without
    ``out`` the line is played by the first audio player found; returns the file written.
    """
    import shutil
    import subprocess
    import tempfile

    from ..synth.engine import get_engine, wav_bytes

    if not text.strip():
        raise TalecastError("nothing to say: give some text")
    if out is not None:
        out = Path(out)
        if out.is_dir():
            raise TalecastError(f"-o {out}: is a folder; give a file name such as {out / 'line.mp3'}")
        if out.suffix.lower() not in (".mp3", ".wav"):
            raise TalecastError(f"-o {out}: say writes .mp3 or .wav files, not "
                                f"{out.suffix or 'a file without an extension'}")
    player = None if out else next((p for p in PLAYERS if shutil.which(p[0])), None)
    if out is None and player is None:
        raise TalecastError("no audio player found (paplay, aplay, afplay, ffplay): "
                            "give -o clip.mp3 to write the line to a file")
    spoken = config.pronounce(text) if config else text
    pcm = get_engine().synthesize(spoken, voice)
    target = Path(out) if out else Path(tempfile.mkstemp(prefix="talecast-say-", suffix=".wav")[1])
    if target.suffix.lower() == ".wav":
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(target, wav_bytes(pcm), durable=False)
    else:  # through the chapter renderer, so the line sounds (level, pauses) as it will in the book
        line = model.Segment(1, model.NARRATION, spoken, 0, len(spoken))
        render_chapter([line], lambda i: pcm, target, Tags(text[:60], "talecast say", None, 1, 1),
                       model.Pacing(lead=100, tail=300), captions=())
    if out:
        return target
    try:
        played = subprocess.run([*player, str(target)], capture_output=True, text=True, errors="replace")
    finally:
        target.unlink(missing_ok=True)
    if played.returncode:  # no sound device (ALSA noise on stderr): say so in one line
        raise TalecastError(f"nothing could play the line ({player[0]} failed: no audio device?): "
                            "give -o line.mp3 to write it to a file")
    return None
