"""What one [[lines]] correction costs: a full build, then the rebuild after adding the correction.

    python benchmarks/bench_correction.py [--seed FILE] [--text WORDS] [--speaker NAME] [--single mp3|m4b]
                                          [--runs N] [--profile FILE]

On the seed story (default ``../shared/seed/walking-in-dreams.txt``), with the
real engine: ``talecast cast`` writes the story's voice config; the story is
built from an empty cache with it; then a copy of the config with one correction
(by default ``"Look at me."`` given to Buffy: the attribution gives it to Spike,
rightly, so the correction changes one line's voice) is built into the same folder. Both builds run as ``python -m talecast
build`` subprocesses with a cache of their own; the table gives their wall
times side by side, the segments synthesized (from the build's own summary
line) and the fragments encoded (the cache's ``fragments/`` files written
during the build), and the CPU time of talecast and the processes it ran
(workers, ffmpeg), which depends less on how busy the machine is. ``--runs N`` times N rebuilds after the correction (median):
between two, the uncorrected book is built again and what the corrected build
added to the cache (its segment and fragments) is removed, so each is the cost
of a new correction.
``--profile FILE`` also writes a cProfile of the (first) rebuild. The builds
run with Python's bytecode cache on, as an installed talecast does, even when
``PYTHONDONTWRITEBYTECODE`` is set.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import ROOT, SEED, machine  # noqa: E402

CORRECTION = ("Look at me.", "Buffy")


def _env(cache: Path) -> dict:
    # Python's bytecode cache is left on (as in an installed talecast, whose modules pip compiles):
    # with PYTHONDONTWRITEBYTECODE set, every build would compile talecast's modules again (~0.3 s).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "TALECAST_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT / "src")}


def _fragments(cache: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in (cache / "segments" / "fragments").glob("??/*.mp3")}


def _summary(output: str) -> tuple[int, int]:
    """(segments synthesized, chapters encoded) from the build's last line."""
    m = re.search(r"\((\d+) segments synthesized, (\d+) from cache; (\d+) chapter", output)
    if not m:
        raise SystemExit(f"no summary line in the build's output:\n{output}")
    return int(m[1]), int(m[3])


def build(story: Path, config: Path, work: Path, single: str | None, profile: Path | None = None):
    """One ``talecast build``: (seconds, segments synthesized, fragments encoded, chapters encoded,
    CPU seconds of talecast and its processes)."""
    cache = work / "cache"
    before = _fragments(cache)
    py = [sys.executable]
    if profile:
        py += ["-m", "cProfile", "-o", str(profile)]
    cmd = [*py, "-m", "talecast", "build", str(story), "--voices", str(config), "--out", str(work / "out")]
    if single:
        cmd += ["--single", single]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()  # no memory poller here competing for the CPUs
    proc = subprocess.run(cmd, env=_env(cache), capture_output=True, text=True)
    seconds = time.monotonic() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)  # talecast and every process it waited for
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr}")
    after = _fragments(cache)
    encoded = sum(1 for p, t in after.items() if before.get(p) != t)
    synthesized, chapters = _summary(proc.stderr)
    return seconds, synthesized, encoded, chapters, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=Path, default=SEED, help="the story (default: the shared seed)")
    parser.add_argument("--text", default=CORRECTION[0], help="the corrected line's words")
    parser.add_argument("--speaker", default=CORRECTION[1], help="its speaker")
    parser.add_argument("--single", choices=["mp3", "m4b"], help="also write the single-file edition")
    parser.add_argument("--runs", type=int, default=1, help="rebuilds after the correction to time (median)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the first rebuild here")
    args = parser.parse_args(argv)
    if not args.seed.exists():
        raise SystemExit(f"no story at {args.seed} (pass --seed FILE)")
    load = _load()
    with tempfile.TemporaryDirectory(prefix="talecast-bench-") as tmp:
        work = Path(tmp)
        plain = work / "story.toml"
        subprocess.run([sys.executable, "-m", "talecast", "cast", str(args.seed), "-o", str(plain)],
                       env=_env(work / "cast-cache"), check=True, capture_output=True)
        corrected = work / "story-corrected.toml"
        corrected.write_text(plain.read_text(encoding="utf-8")
                             + f'\n[[lines]]\ntext = "{args.text}"\nspeaker = "{args.speaker}"\n', encoding="utf-8")
        full = build(args.seed, plain, work, args.single)
        rebuilds = []
        for run in range(args.runs):
            stamp = time.time()
            rebuilds.append(build(args.seed, corrected, work, args.single, None if run else args.profile))
            if run + 1 < args.runs:  # back to the uncorrected book, forgetting the corrected line's audio
                _forget_new(work / "cache", _new_since(work / "cache", stamp))
                build(args.seed, plain, work, args.single)
    seconds = statistics.median(r[0] for r in rebuilds)
    cpu = statistics.median(r[4] for r in rebuilds)
    first = rebuilds[0]
    print(f"Machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"Story: {args.seed.name}; correction: {args.text!r} -> {args.speaker}"
          + (f"; --single {args.single}" if args.single else "") + "\n")
    print(f"Load average (1, 5, 15 min) at the start: {load}; at the end: {_load()}\n")
    print("| build | seconds | CPU seconds | segments synthesized | fragments encoded | chapters encoded |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(f"| full, empty cache | {full[0]:.2f} | {full[4]:.2f} | {full[1]} | {full[2]} | {full[3]} |")
    label = "rebuild after the correction" + (f" (median of {args.runs})" if args.runs > 1 else "")
    print(f"| {label} | {seconds:.2f} | {cpu:.2f} | {first[1]} | {first[2]} | {first[3]} |")
    if args.runs > 1:
        print(f"\nrebuilds after the correction, s: {', '.join(f'{r[0]:.2f}' for r in rebuilds)}")
    print(f"\nrebuild / full build: {seconds / full[0]:.3f} wall time, {cpu / full[4]:.3f} CPU time "
          "(target: well under 0.1)")


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _new_since(cache: Path, stamp: float) -> list[Path]:
    """Segments and fragments the cache gained since ``stamp``."""
    return [p for folder in ("segments/??/*.pcm", "segments/fragments/??/*.mp3")
            for p in cache.glob(folder) if p.stat().st_mtime >= stamp]


def _forget_new(cache: Path, new: list[Path]) -> None:
    """Remove what the last rebuild after the correction added, so the next one starts as the first did."""
    for p in new:
        p.unlink(missing_ok=True)
    shutil.rmtree(cache / "builds", ignore_errors=True)


if __name__ == "__main__":
    main()
