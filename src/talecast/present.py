"""How the command line shows things: the script laid out for proof-reading (with
``--explain``), the ``--verbose`` report, and the one-line progress of a build."""
from __future__ import annotations

import sys
import time


def _one_line(s: str) -> str:
    return " ".join(s.split())


def explanation(seg) -> str:
    """Why a quote has its speaker: ``tag, confidence 0.97, runner-up Anna``."""
    if seg.corrected:
        return "corrected in the voice config"
    if not seg.rule or seg.rule == "none":
        return "no rule found a speaker"
    parts = [seg.rule, f"confidence {seg.confidence:.2f}"]
    if seg.speaker is None and seg.guess:
        parts.append(f"too unsure of {seg.guess}: the neutral voice reads it")
    elif seg.speaker is None and seg.rule == "anon":
        parts.append("someone the story never names")
    parts.append(f"runner-up {seg.runner_up or 'none'}")
    return ", ".join(parts)


def proof_text(sc, explain: bool = False) -> str:
    """The script laid out for proof-reading: one block per chapter, a blank line
    between paragraphs, the kind or speaker in a left column, speech in quotes;
    corrected lines marked; with ``explain``, each quote's rule, confidence and runner-up."""
    from . import model

    lines = []
    for ch in sc.chapters:
        lines.append(f"\n=== {ch.index}. {ch.title} ===")
        para = None
        for seg in ch.segments:
            if para is not None and seg.paragraph != para:
                lines.append("")
            para = seg.paragraph
            if seg.kind == model.DIALOGUE:
                lines.append(f"{(seg.speaker or '?') + ':':>16}  “{_one_line(seg.text)}”"
                             + ("  (corrected)" if seg.corrected else ""))
                if explain:
                    lines.append(f"{'':>16}    ({explanation(seg)})")
            elif seg.kind == model.BREAK:
                lines.append(f"{'':>16}  * * *")
            elif seg.kind == model.NARRATION:
                lines.append(f"{'':>16}  {_one_line(seg.text)}" + ("  (corrected)" if seg.corrected else ""))
            else:
                lines.append(f"{'[' + seg.kind + ']':>16}  {_one_line(seg.text)}")
    return "\n".join(lines) + "\n"


def script_report(sc) -> str:
    """What ``script --verbose`` prints on stderr: counts, and every dropped span."""
    from collections import Counter

    kinds = Counter(seg.kind for seg in sc.segments)
    rows = [f"{len(sc.chapters)} chapter(s); " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))]
    for start, end, why in sc.dropped:
        rows.append(f"dropped {why} [{start}:{end}] ({end - start} chars): {_one_line(sc.source[start:end])[:60]!r}")
    return "\n".join(rows)


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
