"""Salience: who the story named (or heard speak) most recently, and whether as a sentence
subject. A pronoun or a description means one of the characters salient where it stands
(``mentions._resolve``).
"""
from __future__ import annotations

import bisect
from itertools import compress, islice
from operator import itemgetter

_WHO, _SUBJECT = itemgetter(1), itemgetter(2)  # an event's character and subject flag



class _Salience:
    """Mentions in reading order: who was named (or spoke) most recently, and as a subject?"""

    def __init__(self):
        self.events: list[tuple[int, int, bool]] = []  # (offset, character, subject)
        self.whos: list[int] = []                        # the characters of ``events``, in its order
        self.first: dict[int, int] = {}                  # character -> offset of its first mention
        self.offsets: dict[int, list[int]] = {}          # character -> offsets of its mentions, sorted
        # ``recent``'s characters by (event index, limit): kept while mentions are only added at the
        # end (``whos[:i]`` stays as it was), cleared when one is inserted before others
        self._seen: dict[tuple[int, int], list[int]] = {}

    def add(self, offset: int, who: int, subject: bool = True):
        if self.events and self.events[-1][0] > offset:
            # a speech tag's speaker counts at its quote, before the narration already read
            at = bisect.bisect_right(self.events, (offset, who, subject))
            self.events.insert(at, (offset, who, subject))
            self.whos.insert(at, who)
            self._seen.clear()  # (the mentions before a later index are not what they were)
        else:
            self.events.append((offset, who, subject))
            self.whos.append(who)
        offs = self.offsets.setdefault(who, [])
        if offs and offs[-1] > offset:
            bisect.insort(offs, offset)
        else:
            offs.append(offset)
        if offset < self.first.get(who, offset + 1):
            self.first[who] = offset

    def subject_since(self, who: int, start: int, end: int) -> bool:
        """Was ``who`` a sentence subject (or a speaker) between offsets ``start`` and ``end``?"""
        return self.last_subject(who, start, end) is not None

    def last_subject(self, who: int, start: int, end: int) -> int | None:
        """The offset where ``who`` was last a subject (or a speaker) between ``start`` and ``end``."""
        i = bisect.bisect_left(self.events, (end,))
        for off, w, subj in reversed(self.events[max(0, i - 50):i]):
            if off < start:
                return None
            if w == who and subj and off < end:
                return off
        return None

    def named_since(self, who: int, start: int, end: int) -> bool:
        """Was ``who`` named in the narration (or a speaker) between offsets ``start`` and ``end``?"""
        offs = self.offsets.get(who)
        if not offs:
            return False
        j = bisect.bisect_left(offs, end)
        if j == 0 or offs[j - 1] < start:  # not named in [start, end) at all: the common case
            return False
        # named, and (the events are in order of offsets) among the last 200 mentions before
        # ``end`` when the first mention at that offset is
        i = bisect.bisect_left(self.events, (end,))
        if bisect.bisect_left(self.events, (offs[j - 1],)) >= i - 200:
            return True
        for off, w, _ in reversed(self.events[max(0, i - 200):i]):
            if off < start:
                return False
            if w == who:
                return True
        return False

    def named_before(self, who: int, end: int) -> bool:
        """Was ``who`` named (or a speaker) anywhere before offset ``end``?"""
        return self.first.get(who, end) < end

    def recent(self, before: int, limit: int = 40, subjects_first: bool = False):
        """Characters by their latest mention before ``before``, latest first (of the last 600
        mentions); with ``subjects_first``, those last seen as a sentence subject (or speaker)
        lead (of the first six characters met, going back)."""
        events = self.events
        i = bisect.bisect_left(events, (before,))  # events are in reading order
        lo = max(0, i - 600)
        seen = self._seen.get((i, limit))
        if seen is None:
            # each character at its latest mention: the last few mentions name a few of them more
            # often than not, else all of them are read
            near = max(lo, i - 8 * limit) if limit <= 12 else lo
            order = dict.fromkeys(reversed(self.whos[near:i]))
            if len(order) < limit and near > lo:
                order = dict.fromkeys(reversed(self.whos[lo:i]))
            if len(self._seen) >= 4096:
                self._seen.clear()
            seen = self._seen[(i, limit)] = list(islice(order, limit))
        if not subjects_first:
            return list(seen)
        # Going back from ``i`` until ``m`` characters are met (or the 600 mentions are read), those
        # seen as a subject, in the order met: the walk stops at the latest mention of the ``m``-th
        # character by latest mention (``seen[m - 1]``, the same in the near mentions as in all 600)
        m = min(6, limit)
        if m <= 0:
            lead = []
        else:
            stop = lo
            if len(seen) >= m:
                back = self.whos[lo:i]
                back.reverse()
                stop = i - 1 - back.index(seen[m - 1])
            back = events[stop:i]
            back.reverse()
            lead = list(dict.fromkeys(compress(map(_WHO, back), map(_SUBJECT, back))))
        return lead + [w for w in seen if w not in lead]
