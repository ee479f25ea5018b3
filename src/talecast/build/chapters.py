"""``--chapters``: which chapters to build, from ``2``, ``2-4``, ``3-`` or ``1,3,5-6``."""
from __future__ import annotations

import re

from ..errors import InputError

def parse_chapters(spec: str, count: int) -> set[int]:
    """Chapter numbers from ``2``, ``2-4``, ``3-`` or ``1,3,5-6`` (counting from 1, at most ``count``).
    Raise InputError saying what is wrong with the part that is."""
    if not spec.strip():
        raise InputError("--chapters is empty: give a number, a range like 2-4 or 3-, or a list like 1,3")
    chosen = set()
    for part in spec.replace(" ", "").split(","):
        m = re.fullmatch(r"(\d+)(?:(-)(\d*))?", part)
        if not m:
            raise InputError(f"--chapters {spec}: {part!r} is not a number, a range like 2-4 or 3-, "
                             "or a list like 1,3")
        lo = int(m.group(1))
        hi = (int(m.group(3)) if m.group(3) else count) if m.group(2) else lo
        if lo < 1 or hi < 1:
            raise InputError(f"--chapters {spec}: chapters count from 1")
        if hi < lo:
            raise InputError(f"--chapters {spec}: the range {part} runs backwards (write {hi}-{lo})")
        if hi > count or lo > count:
            raise InputError(f"--chapters {spec}: chapter {max(lo, hi)} is past the end: the story has "
                             f"{count} chapter(s)")
        chosen.update(range(lo, hi + 1))
    return chosen
