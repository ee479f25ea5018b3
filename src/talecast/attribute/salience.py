"""Salience: who the story named (or heard speak) most recently, and whether as a sentence
subject. A pronoun or a description means one of the characters salient where it stands
(``mentions._resolve``).
"""
from __future__ import annotations

import bisect



class _Salience:
    """Mentions in reading order: who was named (or spoke) most recently, and as a subject?"""

    def __init__(self):
        self.events: list[tuple[int, int, bool]] = []  # (offset, character, subject)
        self.first: dict[int, int] = {}                  # character -> offset of its first mention
        self.offsets: dict[int, list[int]] = {}          # character -> offsets of its mentions, sorted

    def add(self, offset: int, who: int, subject: bool = True):
        if self.events and self.events[-1][0] > offset:
            # a speech tag's speaker counts at its quote, before the narration already read
            bisect.insort(self.events, (offset, who, subject))
        else:
            self.events.append((offset, who, subject))
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
        i = bisect.bisect_left(self.events, (end,))
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
        """Characters by their latest mention before ``before``, latest first; with
        ``subjects_first``, those last seen as a sentence subject (or speaker) lead."""
        seen, lead, seen_set = [], [], set()
        i = bisect.bisect_left(self.events, (before,))  # events are in reading order
        for off, who, subj in reversed(self.events[max(0, i - 600):i]):
            if subjects_first and subj and who not in lead and len(seen) < 6:
                lead.append(who)
            if who not in seen_set:
                seen_set.add(who)
                seen.append(who)
                if len(seen) >= limit:
                    break
        return lead + [w for w in seen if w not in lead] if subjects_first else seen
