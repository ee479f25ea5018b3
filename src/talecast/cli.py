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
@click.option("--skip-notes", is_flag=True, help="Leave out front matter and author's notes.")
@click.option("--no-cache", is_flag=True, help="Synthesize and encode everything again, ignoring the cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for synthesis. Default: the number of CPUs.")
@user_errors
def build(story, voices_file, out, bitrate, skip_notes, no_cache, jobs):
    """Build STORY into chapter MP3s and a playlist under OUT/<story-slug>/.

    Only what changed since the last build is redone: synthesized segments are
    cached, and unchanged chapters are not encoded again.
    """
    from . import build as build_mod

    with ProgressLine() as progress:
        result = build_mod.build_story(story, voices_file, out, bitrate=bitrate, skip_notes=skip_notes,
                                       no_cache=no_cache, jobs=jobs, progress=progress)
    click.echo(f"Wrote {len(result.files)} chapter(s), {sum(result.durations) / 60:.1f} min of audio, "
               f"to {result.folder}/ in {progress.elapsed:.1f} s ({result.synthesized} segments synthesized, "
               f"{result.cached} from cache; {result.rendered} chapter(s) encoded, "
               f"{result.skipped} unchanged)", err=True)


@main.command()
@user_errors
def clean():
    """Delete the cache of synthesized segments (the next build synthesizes everything)."""
    from .cache import SegmentCache

    cache = SegmentCache()
    used = cache.clear()
    click.echo(f"Removed {used.entries} cached segment(s), {used.bytes / 1e6:.1f} MB, from {cache.root}", err=True)


class ProgressLine:
    """A one-line build progress display on stderr; silent when stderr is not a terminal."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.start = time.monotonic()
        self._last = 0.0
        self._width = 0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def __call__(self, ev) -> None:
        now = time.monotonic()
        if not self.live or (now - self._last < 0.2 and ev.fraction < 1):
            return
        self._last = now
        left = "" if ev.eta is None else f"  {_clock(ev.eta)} left"
        line = (f"chapters {ev.chapters_done}/{ev.chapters_total}  segments {ev.segments_done}/"
                f"{ev.segments_total}  {100 * ev.fraction:3.0f}%  {ev.throughput:.1f} audio min/s{left}")
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.live and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d}"
