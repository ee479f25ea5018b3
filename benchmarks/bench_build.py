"""talecast build speed against the plain engine and encoder, measured side by side.

    python benchmarks/bench_build.py [--seed FILE] [--novel FILE] [--jobs N]

The baseline is what the engine and the encoder cost alone on the same text:
libespeak-ng (from the espeakng-loader wheel, through ctypes, as the
``espeak-ng -f STORY -w out.wav`` command does) over the whole story into a WAV,
then ffmpeg (from imageio-ffmpeg) encoding it to MP3 at the same bit rate with
ffmpeg's default settings (LAME algorithm quality 3; talecast encodes speech at
LAME quality 7, see render.chapter.LAME: the baseline is deliberately left at the default).
talecast runs as a subprocess (``python -m talecast build``) with its own empty
cache; wall times are measured here and peak memory is the largest sum of the
resident sizes of talecast and all its child processes, polled from /proc.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared")  # ../shared beside the checkout (or beside its worktree folder)
SEED = SHARED / "seed" / "walking-in-dreams.txt"
NOVEL = SHARED / "corpus" / "stories" / "frankenstein.txt"
BITRATE = "64k"
VOICE, RATE = "gmw/en-us", 170  # talecast's default narrator, so both make the same amount of audio


# --- the baseline: the engine alone, then the encoder alone -----------------------------------------

def espeak_to_wav(story: Path, wav_path: Path) -> None:
    """Speak the whole of ``story`` with libespeak-ng into ``wav_path``, streaming as the CLI does."""
    import espeakng_loader

    os.environ.setdefault("ESPEAK_DATA_PATH", espeakng_loader.get_data_path())
    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    callback_t = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                 ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
    audio_output_synchronous, chars_utf8, pos_character, rate_param = 2, 1, 1, 1
    sample_rate = lib.espeak_Initialize(audio_output_synchronous, 0, None, 0)
    if sample_rate <= 0:
        raise RuntimeError("espeak_Initialize failed")
    text = story.read_bytes()
    with wave.open(str(wav_path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)

        def on_audio(wav, numsamples, _events):
            if numsamples > 0:
                out.writeframesraw(ctypes.string_at(wav, numsamples * 2))
            return 0

        cb = callback_t(on_audio)
        lib.espeak_SetSynthCallback(cb)
        lib.espeak_SetVoiceByName(VOICE.encode())
        lib.espeak_SetParameter(rate_param, RATE, 0)
        lib.espeak_Synth(text, len(text) + 1, 0, pos_character, 0, chars_utf8, None, None)
        lib.espeak_Synchronize()


def ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


# --- measuring processes ----------------------------------------------------------------------------

def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(stat[1])
        rss[int(entry)] = int(stat[21]) * page
    total, todo = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, all processes
    output: str


def measure(cmd: list[str], env: dict | None = None) -> Run:
    """Run ``cmd``; its wall time and the peak resident memory of its whole process tree."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]

    def poll():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    output = proc.communicate()[0]
    seconds = time.monotonic() - start
    watcher.join()
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{output}")
    return Run(seconds, peak[0], output)


def baseline(story: Path, work: Path) -> Run:
    wav, mp3 = work / "baseline.wav", work / "baseline.mp3"
    synth = measure([sys.executable, __file__, "--espeak", str(story), str(wav)])
    encode = measure([ffmpeg(), "-v", "error", "-y", "-i", str(wav), "-ac", "1", "-b:a", BITRATE, str(mp3)])
    seconds = wav.stat().st_size / 44100
    wav.unlink()
    return Run(synth.seconds + encode.seconds, max(synth.peak_rss, encode.peak_rss),
               f"{seconds / 60:.1f} min of audio: engine {synth.seconds:.1f} s + encoder {encode.seconds:.1f} s")


class Talecast:
    """``talecast build`` of one story into a scratch folder, with a cache of its own."""

    def __init__(self, work: Path, jobs: int | None):
        self.work = work
        self.cache = work / "cache"
        self.jobs = jobs

    def build(self, story: Path, voices: Path | None = None, cold: bool = False) -> Run:
        if cold:
            shutil.rmtree(self.cache, ignore_errors=True)
            shutil.rmtree(self.work / "out", ignore_errors=True)
        env = {**os.environ, "TALECAST_CACHE_DIR": str(self.cache), "PYTHONPATH": str(ROOT / "src")}
        cmd = [sys.executable, "-m", "talecast", "build", str(story), "--out", str(self.work / "out"),
               "--bitrate", BITRATE]
        if voices:
            cmd += ["--voices", str(voices)]
        if self.jobs:
            cmd += ["--jobs", str(self.jobs)]
        return measure(cmd, env)


def main_character(story: Path) -> tuple[str, int, int]:
    """The character with the most dialogue segments: (name, their segments, all spoken segments)."""
    sys.path.insert(0, str(ROOT / "src"))
    from talecast import model, pipeline

    script, _ = pipeline.script(story)
    counts: dict[str, int] = {}
    for seg in script.segments:
        if seg.kind == model.DIALOGUE and seg.speaker:
            counts[seg.speaker] = counts.get(seg.speaker, 0) + 1
    name = max(counts, key=counts.get)
    return name, counts[name], sum(1 for s in script.segments if s.kind != model.BREAK)


def voice_configs(work: Path, name: str) -> tuple[Path, Path]:
    """Two voice configs alike but for ``name``'s pitch (both give ``name`` the same voice id)."""
    sys.path.insert(0, str(ROOT / "src"))
    from talecast import voices

    default = voices.default_path().read_text(encoding="utf-8")
    voice = f"{voices.load().narrator.id}+m2"
    out = []
    for tag, pitch in (("a", 50), ("b", 30)):
        path = work / f"voices-{tag}.toml"
        path.write_text(f'{default}\n[characters."{name}"]\nvoice = "{voice}"\npitch = {pitch}\n',
                        encoding="utf-8")
        out.append(path)
    return out[0], out[1]


def ratio_row(label: str, value: float, target: str, detail: str) -> str:
    shown = f"{value:.0f}" if "MB" in label else f"{value:.3f}"
    return f"| {label} | {shown} | {target} | {detail} |"


def bench(seed: Path, novel: Path | None, jobs: int | None, work: Path) -> list[str]:
    rows = []
    tc = Talecast(work, jobs)
    mb = 1024 * 1024

    base = baseline(seed, work)
    full = tc.build(seed, cold=True)
    rows.append(ratio_row("seed: full build / baseline", full.seconds / base.seconds, "<= 0.8",
                          f"{full.seconds:.1f} s / {base.seconds:.1f} s ({base.output})"))
    again = tc.build(seed)
    rows.append(ratio_row("seed: rebuild, nothing changed / full build", again.seconds / full.seconds, "<= 0.05",
                          f"{again.seconds:.2f} s / {full.seconds:.1f} s"))
    name, theirs, total = main_character(seed)
    va, vb = voice_configs(work, name)
    tc.build(seed, va)  # the story as built with config A (only the changed character's lines differ)
    changed = tc.build(seed, vb)
    rows.append(ratio_row("seed: rebuild after one voice changed / full build", changed.seconds / full.seconds,
                          "<= 0.5", f"{changed.seconds:.1f} s / {full.seconds:.1f} s ({name}: "
                          f"{theirs} of {total} segments)"))
    tenfold = work / "seed-x10.txt"
    text = seed.read_text(encoding="utf-8")
    tenfold.write_text("\n\n".join([text] * 10), encoding="utf-8")
    ten = tc.build(tenfold, cold=True)
    once = tc.build(seed, cold=True)
    rows.append(ratio_row("seed: repeated 10 times / once (cold cache)", ten.seconds / once.seconds, "<= 10.5",
                          f"{ten.seconds:.1f} s / {once.seconds:.1f} s; peak RSS x10 {ten.peak_rss / mb:.0f} MB"))
    rows.append(ratio_row("seed: peak RSS, MB (all processes)", full.peak_rss / mb, "-",
                          f"baseline {base.peak_rss / mb:.0f} MB"))
    if novel:
        nbase = baseline(novel, work)
        nfull = tc.build(novel, cold=True)
        rows.append(ratio_row(f"{novel.stem}: full build / baseline", nfull.seconds / nbase.seconds, "<= 0.8",
                              f"{nfull.seconds:.1f} s / {nbase.seconds:.1f} s ({nbase.output})"))
        nagain = tc.build(novel)
        rows.append(ratio_row(f"{novel.stem}: rebuild, nothing changed / full build",
                              nagain.seconds / nfull.seconds, "<= 0.05",
                              f"{nagain.seconds:.2f} s / {nfull.seconds:.1f} s"))
        rows.append(ratio_row(f"{novel.stem}: peak RSS, MB (all processes)", nfull.peak_rss / mb, "<= 400",
                              f"baseline {nbase.peak_rss / mb:.0f} MB"))
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    return f"{os.cpu_count()} CPUs ({cpu}), {mem:.0f} GB RAM, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=Path, default=SEED, help="the short story (default: the shared seed)")
    parser.add_argument("--novel", type=Path, default=NOVEL, help="the long novel (default: Frankenstein)")
    parser.add_argument("--no-novel", action="store_true", help="skip the long novel (minutes of CPU)")
    parser.add_argument("--jobs", type=int, default=None, help="talecast --jobs (default: its own)")
    parser.add_argument("--espeak", nargs=2, metavar=("STORY", "WAV"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.espeak:
        espeak_to_wav(Path(args.espeak[0]), Path(args.espeak[1]))
        return
    if not args.seed.exists():
        raise SystemExit(f"no story at {args.seed} (pass --seed FILE)")
    novel = None if args.no_novel or not args.novel.exists() else args.novel
    with tempfile.TemporaryDirectory(prefix="talecast-bench-") as work:
        rows = bench(args.seed, novel, args.jobs, Path(work))
    print(f"Machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    print("| measure | value | target | detail |\n| --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
