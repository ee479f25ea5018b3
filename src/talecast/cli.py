"""talecast's command line: thin click commands over the library."""
from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path

import click

from . import __version__, model, pipeline, voices
from .attribute import Character
from .errors import TalecastError


def user_errors(fn):
    """Turn a TalecastError into one line on stderr and its exit status, no traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except TalecastError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted: finished files are kept; run the same command to resume.", err=True)
            sys.exit(130)

    return wrapper


STORY = click.argument("story", type=click.Path(path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="talecast")
def main():
    """talecast: turn a story file into a multi-voice audiobook, offline.

    Each chapter becomes a tagged MP3; narrator and characters speak in their
    own voices, set in a TOML voice config you can edit and rebuild.
    """


def characters_from_config(config: voices.VoiceConfig) -> list[Character]:
    return [Character(c.name, c.aliases, c.gender) for c in config.characters.values()]


@main.command()
@STORY
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="text", show_default=True,
              help="jsonl: one JSON object per segment (for tools); text: for proof-reading.")
@click.option("--cast", "cast_file", type=click.Path(path_type=Path),
              help="A voice config (or cast file) whose [characters] replace discovery.")
@click.option("--skip-notes", is_flag=True, help="Leave out front matter and author's notes.")
@user_errors
def script(story, fmt, cast_file, skip_notes):
    """Print the parsed script of STORY: chapters, segments, speakers."""
    characters = characters_from_config(voices.load(cast_file)) if cast_file else None
    sc, _chars = pipeline.script(story, characters, skip_notes=skip_notes)
    out = sys.stdout
    if fmt == "jsonl":
        for seg in sc.segments:
            out.write(json.dumps(seg.to_json(), ensure_ascii=False) + "\n")
        return
    for ch in sc.chapters:
        out.write(f"\n=== Chapter {ch.index}: {ch.title} ===\n")
        for seg in ch.segments:
            who = {model.DIALOGUE: seg.speaker or "?", model.BREAK: "* * *"}.get(seg.kind, "")
            label = f"{seg.kind}:{who}" if who else seg.kind
            out.write(f"[{label:>18}] {seg.text}\n")


@main.command()
@STORY
@click.option("--voices", "voices_file", type=click.Path(path_type=Path),
              help="Voice config (TOML). Default: the built-in voices/default.toml.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder to write <story-slug>/ into.")
@click.option("--bitrate", default="64k", show_default=True, help="MP3 bit rate, e.g. 64k or 96k.")
@click.option("--sample-rate", type=int, default=22050, show_default=True,
              help="Output sample rate in Hz (8000-48000, an MP3 rate such as 22050 or 44100).")
@click.option("--channels", type=click.IntRange(1, 2), default=1, show_default=True,
              help="1 (mono, best for speech) or 2 (stereo).")
@click.option("--cover", type=click.Path(path_type=Path), help="A JPEG or PNG image to embed as cover art.")
@click.option("--single", type=click.Choice(["m4b", "mp3"]),
              help="Also write the whole book as one file with chapters: m4b (audiobook apps) or mp3.")
@click.option("--skip-notes", is_flag=True, help="Leave out front matter and author's notes.")
@click.option("--no-cache", is_flag=True, help="Synthesize every segment again, ignoring the cache.")
@click.option("--chapters", "chapters", metavar="N|A-B|A,B",
              help="Render only these chapters, e.g. 2, 2-4, 3- or 1,3 (for a quick listen).")
@user_errors
def build(story, voices_file, out, bitrate, sample_rate, channels, cover, single, skip_notes, no_cache,
          chapters):
    """Build STORY into chapter MP3s and a playlist under OUT/<story-slug>/."""
    from . import build as build_mod
    from .cache import SegmentCache
    from .tags import read_cover

    cover_image = read_cover(cover) if cover else None
    config = voices.load(voices_file)
    known = characters_from_config(config)
    sc, chars = pipeline.script(story, None, skip_notes=skip_notes)
    for c in known:
        if not any(c.name == d.name for d in chars):
            chars.append(c)
    only = build_mod.parse_chapters(chapters, len(sc.chapters)) if chapters else None
    progress = _progress_bar() if sys.stderr.isatty() else None
    t0 = time.monotonic()
    result = build_mod.build(sc, chars, config, out, bitrate=bitrate,
                             segment_cache=SegmentCache(enabled=not no_cache), progress=progress,
                             sample_rate=sample_rate, channels=channels, cover=cover_image, single=single,
                             only=only)
    if progress:
        progress.close()
    total = sum(result.durations)
    click.echo(f"Wrote {len(result.files)} chapter(s), {total / 60:.1f} min of audio, to {result.folder}/ "
               f"in {time.monotonic() - t0:.1f} s ({result.synthesized} segments synthesized, "
               f"{result.cached} from cache)", err=True)


@main.command("voices")
@click.option("--language", help="Only voices for this language, e.g. en or en-gb.")
@click.option("--gender", type=click.Choice(["female", "male"]), help="Only voices (or variants) of this gender.")
@user_errors
def voices_cmd(language, gender):
    """List the engine's voices: the ids to put in a voice config."""
    click.echo(voices.voice_table(voices.Catalog.from_engine(), language, gender))


@main.command()
@click.argument("text")
@click.option("--voice", "voice_id", help="An engine id from `talecast voices`, e.g. gmw/en-us+f3.")
@click.option("--speaker", help="A character of the voice config (or 'narrator'): speak in their voice.")
@click.option("--voices", "voices_file", type=click.Path(path_type=Path),
              help="Voice config for --speaker and [pronounce]. Default: the built-in one.")
@click.option("--story", type=click.Path(path_type=Path),
              help="With --speaker: cast as a build of this story would (default voices avoid clashes).")
@click.option("--rate", type=int, help="Words per minute (80-450), instead of the voice's own.")
@click.option("--pitch", type=int, help="Pitch (0-100), instead of the voice's own.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the line to this file (.mp3 or .wav) instead of playing it.")
@user_errors
def say(text, voice_id, speaker, voices_file, story, rate, pitch, output):
    """Speak TEXT in one voice, to audition it before a long build."""
    if voice_id and speaker:
        raise click.UsageError("give --voice or --speaker, not both")
    config = voices.load(voices_file)
    sc, chars = pipeline.script(story) if story else (None, characters_from_config(config))
    voice = voices.pick_voice(config, voice_id, speaker, sc, {c.name: c.gender for c in chars}, rate, pitch)
    written = voices.say(text, voice, output, config)
    click.echo(f"{voice.id} (rate {voice.rate}, pitch {voice.pitch})" + (f" -> {written}" if written else ""),
               err=True)


class _progress_bar:
    """A one-line progress display on stderr: chapter, segments, time left."""

    def __init__(self):
        self.start = time.monotonic()

    def __call__(self, chapter, chapters, done, total):
        elapsed = time.monotonic() - self.start
        left = elapsed / done * (total - done) if done else 0
        click.echo(f"\rchapter {chapter}/{chapters}  segment {done}/{total}  "
                   f"{100 * done // max(total, 1)}%  about {left:.0f} s left   ", nl=False, err=True)

    def close(self):
        click.echo("", err=True)
