"""talecast's command line: thin click commands over the library."""
from __future__ import annotations

import contextlib
import functools
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import TalecastError
from .interrupt import Interrupted
from .present import ProgressLine, proof_text, script_report


# The pipeline is imported inside each command: `talecast build` of an unchanged
# story answers before loading it, and `--help` stays instant.


def user_errors(fn):
    """Turn a TalecastError into one line on stderr and its exit status, no traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except TalecastError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except Interrupted as exc:  # SIGINT or SIGTERM: workers stopped, temporary files removed
            click.echo("interrupted; run the same command to resume", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; run the same command to resume", err=True)
            sys.exit(130)
        except RecursionError:
            click.echo("Error: an input is nested too deeply to read", err=True)
            sys.exit(2)
        except OSError as exc:  # a full disk, a read-only folder...: the file system's one line
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"Error: {exc.strerror or exc}{where}", err=True)
            sys.exit(2)

    return wrapper


STORY = click.argument("story", type=click.Path(path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="talecast")
def main():
    """talecast: turn a story file into a multi-voice audiobook, offline.

    Each chapter becomes a tagged MP3; narrator and characters speak in their
    own voices, set in a TOML voice config you can edit and rebuild.
    """


@main.command()
@STORY
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="text", show_default=True,
              help="jsonl: one JSON object per segment (for tools); text: for proof-reading.")
@click.option("--cast", "cast_file", type=click.Path(path_type=Path),
              help="A voice config (or cast file) whose [characters] replace discovery.")
@click.option("--voices", "voices_file", type=click.Path(path_type=Path),
              help="A voice config whose [[lines]] corrections to apply, as `build --voices` does.")
@click.option("--explain", is_flag=True,
              help="Show for each quote the rule that decided it, its confidence and the runner-up.")
@click.option("--skip-notes", is_flag=True, help="Leave out front matter and author's notes.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also report on stderr what was dropped (licence, contents, ...) and a summary.")
@user_errors
def script(story, fmt, cast_file, voices_file, explain, skip_notes, verbose):
    """Print the parsed script of STORY: chapters, segments, speakers."""
    from . import pipeline, voices
    from .voices import corrections

    if verbose:  # the reader's notes (bytes replaced, ...) go to stderr
        _log_to_stderr()
    cast_config = voices.load(cast_file) if cast_file else None
    config = voices.load(voices_file) if voices_file else cast_config
    characters = pipeline.characters_from_config(cast_config) if cast_config else None
    sc, _chars = pipeline.script(story, characters, skip_notes=skip_notes)
    if config is not None:
        sc = corrections.apply(sc, config.corrections)
    if fmt == "jsonl":
        from .segment.jsonl import to_jsonl

        click.echo(to_jsonl(sc, explain), nl=False)
    else:
        click.echo(proof_text(sc, explain), nl=False)
    if verbose:
        click.echo(script_report(sc), err=True)


def _log_to_stderr() -> None:
    import logging

    logger = logging.getLogger("talecast")
    for old in [h for h in logger.handlers if getattr(h, "talecast_cli", False)]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.talecast_cli = True
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _write_cast(sc, chars, output: Path | None = None) -> tuple[Path, list]:
    """Write (or merge into) the voice config for a story's characters, as `cast` does; the
    default file is voices/<story-slug>.toml. Returns the file and the characters added."""
    from . import voices
    from .voices import castfile
    from .build import slugify

    output = output or Path("voices") / f"{slugify(sc.title)}.toml"
    config = voices.load(output if output.exists() else None, lines=False)  # its corrections are
    # checked once the characters are merged: one may name a character this run adds
    planned = voices.Caster(config, {c.name: c.gender for c in chars}).plan(sc)  # what a build uses now
    return output, castfile.write(chars, output, sc.title, {name: v.id for name, v in planned.items()})


@main.command()
@STORY
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Voice config to write or merge into. Default: voices/<story-slug>.toml.")
@click.option("--skip-notes", is_flag=True, help="Leave out front matter and author's notes.")
@user_errors
def cast(story, output, skip_notes):
    """Write a voice config for STORY's characters (merging into OUTPUT, never overwriting edits)."""
    from . import pipeline

    sc, chars = pipeline.script(story, None, skip_notes=skip_notes)
    output, added = _write_cast(sc, chars, output)
    speaking = [c for c in chars if c.lines]
    click.echo(f"{output}: {len(speaking)} speaking character(s), {len(added)} added: "
               + (", ".join(f"{c.name} ({c.gender}, {c.lines})" for c in speaking) or "none"), err=True)


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
@click.option("--no-cache", is_flag=True, help="Synthesize and encode everything again, ignoring the cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for synthesis. Default: the number of CPUs.")
@click.option("--chapters", "chapters", metavar="N|A-B|A,B",
              help="Render only these chapters, e.g. 2, 2-4, 3- or 1,3 (for a quick listen).")
@user_errors
def build(story, voices_file, out, bitrate, sample_rate, channels, cover, single, skip_notes, no_cache, jobs,
          chapters):
    """Build STORY into chapter MP3s and a playlist under OUT/<story-slug>/.

    Only what changed since the last build is redone: synthesized segments are
    cached, and unchanged chapters are not encoded again.
    """
    from .build import records

    started = time.monotonic()
    cover_image = None
    if cover:
        from .render.tags import read_cover

        cover_image = read_cover(cover)
    key = records.options_key(bitrate, sample_rate, channels, single, cover_image)
    digest = None if no_cache or chapters is not None else records.inputs_digest(story, voices_file, out, key, skip_notes)
    result = digest and records.unchanged(digest)  # nothing changed: answer before loading the pipeline
    if not result:
        from .build import BuildOptions, build_story
        from .build.pool import cap_jobs
        from .render import AudioFormat

        fmt = AudioFormat(bitrate, sample_rate, channels)  # a bad option fails before any work
        jobs, note = cap_jobs(jobs)
        if note:
            click.echo(note, err=True)
        options = BuildOptions(fmt, single=single, cover=cover_image, chapters=chapters, skip_notes=skip_notes,
                               cache=not no_cache, jobs=jobs)
        with ProgressLine() as progress:
            result = build_story(story, voices_file, out, options, progress)
    folder = result.folder  # as the user named it (the record of an unchanged build holds its absolute path)
    with contextlib.suppress(OSError):
        if (Path(out) / folder.name).resolve() == folder.resolve():
            folder = Path(out) / folder.name
    click.echo(f"Wrote {len(result.files)} chapter(s), {sum(result.durations) / 60:.1f} min of audio, "
               f"to {folder}/ in {time.monotonic() - started:.1f} s ({result.counts()})", err=True)


@main.command("voices")
@click.option("--language", help="Only voices for this language, e.g. en or en-gb.")
@click.option("--gender", type=click.Choice(["female", "male"]), help="Only voices (or variants) of this gender.")
@user_errors
def voices_cmd(language, gender):
    """List the engine's voices: the ids to put in a voice config."""
    from . import voices

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
    from . import pipeline, voices
    from .render.player import say as say_line

    config = voices.load(voices_file)
    sc, chars = pipeline.script(story) if story else (None, pipeline.characters_from_config(config))
    if sc is not None:  # cast as the build does: with the config's corrections
        from .voices import corrections

        sc = corrections.apply(sc, config.corrections)
    voice = voices.pick_voice(config, voice_id, speaker, sc, {c.name: c.gender for c in chars}, rate, pitch)
    written = say_line(text, voice, output, config)
    click.echo(f"{voice.id} (rate {voice.rate}, pitch {voice.pitch})" + (f" -> {written}" if written else ""),
               err=True)


@main.command()
@STORY
@click.option("--voices", "voices_file", type=click.Path(path_type=Path),
              help="Voice config to show and edit. Default: voices/<story-slug>.toml, written as `cast` would.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder the studio's builds write <story-slug>/ into.")
@click.option("--no-browser", is_flag=True, help="Only print the URL; do not open a browser.")
@user_errors
def studio(story, voices_file, out, no_browser):
    """Open a local web page to hear, fix and rebuild STORY (127.0.0.1 only; Ctrl-C stops it)."""
    from . import studio as studio_mod

    if voices_file is None:
        from .build.script_cache import parsed_script
        from .synth.cache import SegmentCache

        sc, chars = parsed_script(story, False, SegmentCache().root)  # kept for the studio's own parse
        voices_file, added = _write_cast(sc, chars)
        click.echo(f"{voices_file}: the voice config the studio edits ({len(added)} character(s) added)", err=True)
    elif not voices_file.exists():
        raise click.BadParameter(f"{voices_file} does not exist (leave out --voices to write one)",
                                 param_hint="--voices")
    studio_mod.run(story, voices_file, out, open_browser=not no_browser,
                   announce=click.echo)
    click.echo("talecast studio stopped (finished chapters are kept).", err=True)


@main.command()
@user_errors
def clean():
    """Delete the cache of synthesized segments (the next build synthesizes everything).

    Only files the cache wrote are removed; anything else in its folder is left alone.
    """
    from .synth.cache import clean as clean_cache

    click.echo(str(clean_cache()), err=True)
