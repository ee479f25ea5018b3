"""``--chapters``: which chapters to build, from ``2``, ``2-4``, ``3-`` or ``1,3,5-6``."""
from __future__ import annotations

import re

from ..errors import InputError

def parse_chapters(spec: str, count: int) -> set[int]:
    """Chapter numbers from ``2``, ``2-4``, ``3-`` or ``1,3,5-6`` (counting from 1, at most ``count``)."""
    chosen = set()
    for part in spec.replace(" ", "").split(","):
        m = re.fullmatch(r"(\d+)(?:(-)(\d*))?", part)
        if not m:
            raise InputError(f"--chapters {spec}: use a number, a range like 2-4 or 3-, or a list like 1,3")
        lo = int(m.group(1))
        hi = (int(m.group(3)) if m.group(3) else count) if m.group(2) else lo
        if not 1 <= lo <= hi <= count:
            raise InputError(f"--chapters {spec}: the story has {count} chapter(s)")
        chosen.update(range(lo, hi + 1))
    return chosen
