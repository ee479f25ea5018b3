"""Issue 16, items 3, 5, 6, 7, 10, 11: a build never loses or overwrites what it should not, never
leaves processes or temporary files behind, and says in one line what stopped it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

STORY = """\
{title}

by Test Author

Chapter 1

The mill stood at the bend of the river, and nobody had turned its wheel in years. Ada came to it at dusk.

"Is the door open?" Ada asked.

Chapter 2

"It always was," said Ben. He pushed it wide and went in first.

Chapter 3

Inside, the stones were cold and the flour dust lay thick on every beam.

Chapter 4

"We could grind again," Ada said. "One sack, for the village."

"One sack," said Ben, "and then another."
"""


def env(tmp_path, **extra) -> dict:
    e = dict(os.environ)
    e.update(TALECAST_ENGINE="fake_engine:ToneEngine", TALECAST_CACHE_DIR=str(tmp_path / "cache"),
             PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")]))
    e.update(extra)
    return e


def talecast(tmp_path, *args, extra=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "talecast", *map(str, args)], capture_output=True, text=True,
                          env=env(tmp_path, **(extra or {})), timeout=180, **kw)


def story(tmp_path, name="mill.txt", title="The Quiet Mill") -> Path:
    path = tmp_path / name
    path.write_text(STORY.format(title=title), encoding="utf-8")
    return path


def _alive_with(marker: str) -> list[int]:
    """Processes whose environment holds ``marker`` (this test's cache folder)."""
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and int(d.name) != os.getpid():
            try:
                if marker.encode() in (d / "environ").read_bytes():
                    stat = (d / "stat").read_text()
                    if stat.rsplit(")", 1)[1].split()[0] != "Z":
                        found.append(int(d.name))
            except OSError:
                pass
    return found


# --- item 10: signals -----------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find leftover processes")
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_everything_keeps_finished_chapters_and_says_one_line(tmp_path, sig, code):
    src = story(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "talecast", "build", str(src), "--out", str(out), "-j", "2"],
                            env=env(tmp_path, FAKE_ENGINE_DELAY="0.4"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    folder = out / "the-quiet-mill"
    deadline = time.monotonic() + 120
    while not list(folder.glob("*.mp3")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()
    finished = {p.name for p in folder.glob("*.mp3")}
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # Ctrl-C: the whole process group (workers, ffmpeg) gets it
    else:
        os.kill(proc.pid, sig)  # `kill`: only talecast itself
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.strip().splitlines() == ["interrupted; run the same command to resume"], err
    time.sleep(0.5)
    assert _alive_with(str(tmp_path / "cache")) == []  # no worker, no resource tracker, no ffmpeg
    assert [p.name for p in tmp_path.rglob("*.part")] == []
    assert finished <= {p.name for p in folder.glob("*.mp3")}  # finished chapters kept
    again = talecast(tmp_path, "build", src, "--out", out, "-j", "2")
    assert again.returncode == 0, again.stderr
    unchanged = int(again.stderr.split(" unchanged")[0].rsplit(" ", 1)[1])
    assert unchanged >= len(finished) >= 1


# --- item 3: two stories with the same title ------------------------------------------------------

def test_a_second_story_with_the_same_title_is_refused_and_the_first_book_kept(tmp_path):
    first = story(tmp_path, "one.txt", "The Quiet Mill")
    assert talecast(tmp_path, "build", first, "--out", tmp_path / "out").returncode == 0
    folder = tmp_path / "out" / "the-quiet-mill"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    second = tmp_path / "two.txt"
    second.write_text("The Quiet Mill\n\nChapter 1\n\nAn entirely different story, told in one chapter.\n")
    res = talecast(tmp_path, "build", second, "--out", tmp_path / "out")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"Error: {folder}/ holds the audiobook of another story ({first.resolve()}): build into another --out, "
        "or delete that folder first"]
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != ".talecast.lock"}
    assert after == {k: v for k, v in before.items() if k != ".talecast.lock"}


def test_the_same_story_edited_builds_into_its_folder_and_drops_a_removed_chapters_captions(tmp_path):
    src = story(tmp_path)
    assert talecast(tmp_path, "build", src, "--out", tmp_path / "out").returncode == 0
    folder = tmp_path / "out" / "the-quiet-mill"
    assert (folder / "04 - Chapter 4.vtt").exists()
    src.write_text(STORY.format(title="The Quiet Mill").split("Chapter 4")[0], encoding="utf-8")
    res = talecast(tmp_path, "build", src, "--out", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    assert not list(folder.glob("04 - *"))


# --- a rebuild puts back what a careless hand removed or damaged in the output folder ---------------

def _damage_and_rebuild(tmp_path, damage, *single, changed: bool):
    """Build, damage the output folder, rebuild (with nothing changed, or with only a comment added
    to the voice config: the build that is not answered from its record), return (folder, stderr)."""
    src, cfg = story(tmp_path), tmp_path / "voices.toml"
    cfg.write_text('[narrator]\nvoice = "gmw/en-us"\n', encoding="utf-8")
    out = tmp_path / "out"
    first = talecast(tmp_path, "build", src, "--voices", cfg, "--out", out, *single)
    assert first.returncode == 0, first.stderr
    folder = out / "the-quiet-mill"
    damage(folder)
    if changed:
        cfg.write_text(cfg.read_text(encoding="utf-8") + "# louder next time\n", encoding="utf-8")
    again = talecast(tmp_path, "build", src, "--voices", cfg, "--out", out, *single)
    assert again.returncode == 0, again.stderr
    return folder, again.stderr


def _decodes(path: Path) -> float:
    """The seconds of audio ffmpeg decodes from ``path`` without an error."""
    import re

    from talecast.render.ffmpeg import ffmpeg_exe

    res = subprocess.run([ffmpeg_exe(), "-v", "error", "-stats", "-i", str(path), "-f", "null", "-"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and "rror" not in res.stderr, res.stderr
    h, m, sec = re.findall(r"time=(\d+):(\d+):([\d.]+)", res.stderr)[-1]
    return int(h) * 3600 + int(m) * 60 + float(sec)


@pytest.mark.parametrize("changed", [False, True], ids=["nothing-changed", "config-comment"])
def test_a_deleted_caption_file_is_written_again_by_a_rebuild(tmp_path, changed):
    gone = "02 - Chapter 2.vtt"
    folder, err = _damage_and_rebuild(tmp_path, lambda f: (f / gone).unlink(), changed=changed)
    assert (folder / gone).is_file(), err
    assert "-->" in (folder / gone).read_text(encoding="utf-8")
    assert "1 chapter(s) encoded, 3 unchanged" in err


@pytest.mark.parametrize("changed", [False, True], ids=["nothing-changed", "config-comment"])
def test_a_damaged_chapter_mp3_is_encoded_again_by_a_rebuild(tmp_path, changed):
    name = "03 - Chapter 3.mp3"
    kept = {}

    def damage(folder):
        kept["duration"] = _decodes(folder / name)
        data = (folder / name).read_bytes()
        (folder / name).write_bytes(data[: len(data) // 3])  # a copy cut short, as a full disk leaves one

    folder, err = _damage_and_rebuild(tmp_path, damage, changed=changed)
    assert "1 chapter(s) encoded, 3 unchanged" in err
    assert abs(_decodes(folder / name) - kept["duration"]) < 0.1


@pytest.mark.parametrize("changed", [False, True], ids=["nothing-changed", "config-comment"])
def test_a_damaged_single_file_edition_is_joined_again_by_a_rebuild(tmp_path, changed):
    book = "the-quiet-mill.mp3"
    kept = {}

    def damage(folder):
        kept["duration"] = _decodes(folder / book)
        (folder / book).write_bytes(b"not an mp3")

    folder, err = _damage_and_rebuild(tmp_path, damage, "--single", "mp3", changed=changed)
    assert abs(_decodes(folder / book) - kept["duration"]) < 0.1, err


def test_the_summary_line_says_whether_the_single_file_edition_was_written_and_names_the_folder_as_given(
        tmp_path):
    src, cfg = story(tmp_path), tmp_path / "voices.toml"
    cfg.write_text('[narrator]\nvoice = "gmw/en-us"\n', encoding="utf-8")

    def build(*args):
        res = talecast(tmp_path, "build", src, "--voices", cfg, "--out", "out", *args, cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        return res.stderr.strip().splitlines()[-1]

    first = build("--single", "mp3")
    assert first.startswith("Wrote 4 chapter(s), ") and " to out/the-quiet-mill/ in " in first
    assert first.endswith("4 chapter(s) encoded, 0 unchanged; the-quiet-mill.mp3 written)"), first
    again = build("--single", "mp3")  # answered from the build's record: the folder still as given
    assert " to out/the-quiet-mill/ in " in again
    assert again.endswith("0 chapter(s) encoded, 4 unchanged; the-quiet-mill.mp3 unchanged)"), again
    cfg.write_text(cfg.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert build("--single", "mp3").endswith("4 unchanged; the-quiet-mill.mp3 unchanged)")
    # no edition asked for: the last one, out of date from now on, is removed, and said so once
    assert build().endswith("0 chapter(s) encoded, 4 unchanged; the-quiet-mill.mp3 removed (out of date))")
    assert build().endswith("0 chapter(s) encoded, 4 unchanged)")


# --- item 7: two builds into one folder at once ---------------------------------------------------

def test_a_second_build_into_a_folder_being_written_is_refused_in_one_line(tmp_path):
    from talecast.build import records

    src = story(tmp_path)
    folder = tmp_path / "out" / "the-quiet-mill"
    with records.output_folder(folder, str(src.resolve())):  # a build in progress holds the folder
        live = folder / ".01 - Chapter 1.12345-abcdef01.mp3.part"
        live.write_bytes(b"being written")
        res = talecast(tmp_path, "build", src, "--out", tmp_path / "out")
        assert res.returncode == 2
        assert res.stderr.strip().splitlines() == [
            f"Error: another talecast build is writing into {folder}/ now: wait for it to finish, "
            "or build into another --out"]
        assert live.read_bytes() == b"being written"  # its temporary files are not touched
    res = talecast(tmp_path, "build", src, "--out", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    assert not live.exists()  # a stale one (nobody holds the folder) is cleared


# --- items 5 and 6: other file systems, full disks, read-only folders, odd targets ------------------

@pytest.fixture
def tmpfs(tmp_path):
    """A small tmpfs mount (root only): another file system, which can be filled or made read-only."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounts = []

    def mount(name: str, size: str = "4m", ro: bool = False) -> Path:
        where = tmp_path / name
        where.mkdir()
        opts = f"size={size}" + (",ro" if ro else "")
        if subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)]).returncode:
            pytest.skip("cannot mount a tmpfs here")
        mounts.append(where)
        return where

    yield mount
    for m in reversed(mounts):
        subprocess.run(["umount", "-l", str(m)])


def test_output_and_cache_on_different_file_systems(tmp_path, tmpfs):
    out = tmpfs("usb", "64m")
    src = story(tmp_path)
    res = talecast(tmp_path, "build", src, "--out", out)
    assert res.returncode == 0, res.stderr
    assert len(list((out / "the-quiet-mill").glob("*.mp3"))) == 4
    # and the other way round: the cache on the other file system
    res = talecast(tmp_path, "build", src, "--out", tmp_path / "out2", extra={"TALECAST_CACHE_DIR": str(out / "c")})
    assert res.returncode == 0, res.stderr


def test_a_full_disk_is_one_line_and_the_last_good_book_is_kept(tmp_path, tmpfs):
    out = tmpfs("small", "3m")
    src = story(tmp_path)
    assert talecast(tmp_path, "build", src, "--out", out).returncode == 0
    folder = out / "the-quiet-mill"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.suffix != ".lock"}
    (out / "filler").write_bytes(b"\0" * (3 * 1024 * 1024 - 300 * 1024))  # nearly full now
    res = talecast(tmp_path, "build", src, "--out", out, "--bitrate", "96k")  # every chapter changes
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "No space left on device" in lines[0], lines
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.suffix != ".lock"}
    assert after == before  # previous outputs and the manifest untouched, nothing half-written
    assert not list(out.rglob("*.part"))


def test_a_full_cache_is_one_line(tmp_path, tmpfs):
    cache = tmpfs("cache", "64k")
    res = talecast(tmp_path, "build", story(tmp_path), "--out", tmp_path / "out",
                   extra={"TALECAST_CACHE_DIR": str(cache)})
    assert res.returncode in (1, 2)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], lines


def test_a_read_only_output_folder_is_one_line(tmp_path, tmpfs):
    ro = tmpfs("ro", ro=True)
    res = talecast(tmp_path, "build", story(tmp_path), "--out", ro)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"Error: cannot write the audiobook into {ro}/the-quiet-mill/ (Read-only file system)"]


def test_a_read_only_cache_folder_is_one_line(tmp_path, tmpfs):
    ro = tmpfs("ro", ro=True)
    res = talecast(tmp_path, "build", story(tmp_path), "--out", tmp_path / "out",
                   extra={"TALECAST_CACHE_DIR": str(ro)})
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"Error: cannot write to the cache folder {ro}/segments (Read-only file system): set TALECAST_CACHE_DIR "
        "to a writable folder, or build with --no-cache"]


def test_out_an_existing_file_is_one_line(tmp_path):
    target = tmp_path / "not-a-folder"
    target.write_text("mine")
    res = talecast(tmp_path, "build", story(tmp_path), "--out", target)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"Error: cannot write the audiobook into {target}/the-quiet-mill/ (Not a directory)"]
    assert target.read_text() == "mine"


# --- item 11: leftovers and limits ------------------------------------------------------------------

def test_jobs_over_the_cpu_count_are_capped_and_said(tmp_path):
    res = talecast(tmp_path, "build", story(tmp_path), "--out", tmp_path / "out", "-j", "64")
    assert res.returncode == 0, res.stderr
    cpus = len(os.sched_getaffinity(0))
    assert res.stderr.splitlines()[0] == f"--jobs 64 is more than the {cpus} CPU(s) here: using {cpus}"


def test_the_engine_leaves_no_wav_behind(tmp_path):
    """A real engine in a process of its own: its temporary WAV is gone when the process ends."""
    code = ("import tempfile, os; tempfile.tempdir = os.environ['TMPDIR']\n"
            "from talecast.synth.engine import get_engine\nfrom talecast.voices import Voice\n"
            "assert get_engine().synthesize('Hello there.', Voice('gmw/en-us'))\n")
    (tmp_path / "tmp").mkdir()
    (tmp_path / "tmp" / "talecast-999999999-0123abcd.wav").write_bytes(b"left by a killed process")
    old = tmp_path / "tmp" / "talecast-k2j_x9ab.wav"  # an earlier version's, untouched for two hours
    old.write_bytes(b"")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    recent = tmp_path / "tmp" / "talecast-recent01.wav"  # maybe a running earlier version's: kept
    recent.write_bytes(b"")
    e = dict(os.environ, TMPDIR=str(tmp_path / "tmp"), PYTHONPATH=str(ROOT / "src"))
    e.pop("TALECAST_ENGINE", None)
    proc = subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in (tmp_path / "tmp").glob("talecast-*.wav")] == [recent.name]


# --- `say` ----------------------------------------------------------------------------------------

def test_say_to_a_folder_or_an_extension_it_does_not_write_is_one_line(tmp_path):
    res = talecast(tmp_path, "say", "Hello.", "-o", tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [f"Error: -o {tmp_path}: is a folder; give a file name such as "
                                                f"{tmp_path / 'line.mp3'}"]
    res = talecast(tmp_path, "say", "Hello.", "-o", tmp_path / "x.ogg")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [f"Error: -o {tmp_path / 'x.ogg'}: say writes .mp3 or .wav files, "
                                                "not .ogg"]
    assert not (tmp_path / "x.ogg").exists()


def test_say_without_a_working_player_says_so_and_fails(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "paplay"
    fake.write_text("#!/bin/sh\necho 'ALSA lib pcm.c: Unknown PCM default' >&2\nexit 1\n")
    fake.chmod(0o755)
    res = talecast(tmp_path, "say", "Hello.", extra={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        "Error: nothing could play the line (paplay failed: no audio device?): give -o line.mp3 to write it to a file"]


# --- deeply nested TOML -----------------------------------------------------------------------------

def test_a_deeply_nested_voice_config_is_one_line(tmp_path):
    cfg = tmp_path / "deep.toml"
    cfg.write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")
    res = talecast(tmp_path, "build", story(tmp_path), "--voices", cfg, "--out", tmp_path / "out")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [f"Error: {cfg}: nested too deeply to be a voice config"]


# A worker the build stops with SIGTERM may be writing a cache entry: it removes that entry's
# temporary file before it exits (a loaded machine once left one behind in the signal test above).
_STOPPED_WHILE_WRITING = """
import os, sys, time
from pathlib import Path
from talecast import files
from talecast.synth import workers
workers.init(sys.argv[1], "fake_engine:ToneEngine")
os.fsync = lambda fd: time.sleep(60)  # the write hangs after its data is in the temporary file
files.write_sealed(Path(sys.argv[1]) / "entry.pcm", b"pcm" * 1000)
"""


def test_a_worker_stopped_while_writing_a_cache_entry_leaves_no_temporary_file(tmp_path):
    root = tmp_path / "cache"
    root.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", _STOPPED_WHILE_WRITING, str(root)], env=env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(root.glob(".*.part")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, proc.communicate()
    assert [p.name for p in root.glob(".entry.pcm.*.part")]  # caught mid-write
    proc.terminate()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert list(root.iterdir()) == []  # neither the entry nor its temporary file
