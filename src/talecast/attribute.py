"""Who speaks: character discovery, gender, and quote attribution.

Rules run from most to least certain (a sieve, after Muzny et al. 2017):
1. a speech frame beside the quote names the speaker (``said Spike``, ``she murmured``);
2. the paragraph's first actor (``Spike shook away her nod. "..."``);
3. the speaker of an earlier quote in the same paragraph;
4. turn-taking: bare quotes alternate between the last two speakers.
Pronouns resolve to the most recent character of that gender; names used in
address inside the quote mark the listener, never the speaker.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import model
from .model import Chapter, Script, Segment
from .segment import SPEECH_VERBS

FEMALE, MALE, UNKNOWN = "female", "male", "unknown"
_PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "she": FEMALE, "her": FEMALE, "hers": FEMALE}
_HONORIFIC_GENDER = {"mr": MALE, "sir": MALE, "lord": MALE, "mrs": FEMALE, "miss": FEMALE,
                     "ms": FEMALE, "lady": FEMALE, "madam": FEMALE}
_NAME = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lady|Lord)\.?\s+)?[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)?"
_CAP = re.compile(r"(?<![\w'’])(?:(Mr|Mrs|Ms|Miss|Dr|Sir|Lady|Lord)\.?\s+)?([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)")
_VERB = rf"(?:\w+ly\s+)?(?:{SPEECH_VERBS})"
_AFTER_NAME = re.compile(rf"^[\s,—–-]*(?:({_NAME}|he|she|I)\s+{_VERB}|{_VERB}\s+({_NAME}|he|she))\b")
_BEFORE_NAME = re.compile(rf"\b({_NAME}|he|she|He|She)\s+{_VERB}\b[^.!?]{{0,40}}[,:]?\s*$")
_SUBJECT = re.compile(r"(?:^|[.!?…]\s+|[,;]\s+)(" + _NAME + r"|He|She|His|Her)\b(?!['’]s\b)?")
_PRONOUN = re.compile(r"\b(he|she|his|her|him|hers)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Character:
    name: str
    aliases: tuple[str, ...] = ()
    gender: str = UNKNOWN
    lines: int = 0
    first_line: str | None = None

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def guess_gender_from_name(first: str) -> str:
    g = _gender_detector().get_gender(first)
    return {"female": FEMALE, "mostly_female": FEMALE, "male": MALE, "mostly_male": MALE}.get(g, UNKNOWN)


def discover(script: Script) -> list[Character]:
    """Proper names that act or speak in the story's narration, with a gender guess."""
    narration = [s for s in script.segments if s.kind == model.NARRATION]
    lower_words = set(re.findall(r"\b[a-z]+\b", script.source))
    acting: Counter[str] = Counter()
    honorific: dict[str, str] = {}
    pronouns: dict[str, Counter] = defaultdict(Counter)
    for seg in narration:
        text = seg.text
        for m in _CAP.finditer(text):
            name = m.group(2)
            if name.lower() in lower_words or len(name) < 2:
                continue
            if m.group(1):
                honorific[name] = _HONORIFIC_GENDER.get(m.group(1).lower().rstrip("."), UNKNOWN)
            after = text[m.end():m.end() + 40]
            before = text[max(0, m.start() - 25):m.start()]
            if (re.match(r"['’]s\b|\s+(?:\w+ly\s+)?\w+(?:ed|s)\b", after)
                    or re.search(rf"\b(?:{SPEECH_VERBS})\s*$", before, re.I)):
                acting[name] += 1
                for p in _PRONOUN.findall(text[m.end():m.end() + 160]):
                    pronouns[name][_PRONOUN_GENDER[p.lower()]] += 1
    characters = []
    for name, n in acting.most_common():
        if n < 2:
            continue
        gender = honorific.get(name, UNKNOWN)
        if gender == UNKNOWN:
            votes = pronouns[name]
            if votes[FEMALE] + votes[MALE] >= 2 and max(votes[FEMALE], votes[MALE]) >= 2 * min(votes[FEMALE], votes[MALE]):
                gender = FEMALE if votes[FEMALE] > votes[MALE] else MALE
            else:
                gender = guess_gender_from_name(name)
        characters.append(Character(name, (), gender))
    return characters


class _Resolver:
    """Maps names and pronouns to characters, tracking the latest mention."""

    def __init__(self, characters: list[Character]):
        self.characters = characters
        self.by_name = {}
        for c in characters:
            for n in c.names():
                self.by_name[n.lower()] = c.name
        self.gender = {c.name: c.gender for c in characters}
        self.recent: list[str] = []  # most recent last

    def name(self, word: str | None) -> str | None:
        if not word:
            return None
        w = re.sub(r"\s+", " ", word.strip().lower())
        if w in self.by_name:
            return self.by_name[w]
        last = w.split(" ")[-1]
        return self.by_name.get(last)

    def mention(self, text: str):
        for m in _CAP.finditer(text):
            c = self.name((m.group(1) or "") + " " + m.group(2)) or self.name(m.group(2))
            if c:
                self._touch(c)

    def _touch(self, c: str):
        if c in self.recent:
            self.recent.remove(c)
        self.recent.append(c)

    def resolve(self, word: str | None, exclude: set[str] = frozenset()) -> str | None:
        if not word:
            return None
        g = _PRONOUN_GENDER.get(word.lower())
        if g is None:
            return self.name(word)
        for c in reversed(self.recent):
            if self.gender.get(c) == g and c not in exclude:
                return c
        return None


def attribute(script: Script, characters: list[Character] | None = None) -> tuple[Script, list[Character]]:
    """Give every dialogue segment a speaker (or None), and count each character's lines."""
    characters = discover(script) if characters is None else list(characters)
    r = _Resolver(characters)
    last_two: list[str] = []  # speakers of the last dialogue paragraphs, most recent last
    prev_para_speaker = None
    new_chapters = []
    for ch in script.chapters:
        segs = list(ch.segments)
        for para, idx in _paragraph_groups(segs):
            para_speaker = None
            narration_text = " ".join(segs[i].text for i in idx if segs[i].kind == model.NARRATION)
            for pos, i in enumerate(idx):
                s = segs[i]
                if s.kind != model.DIALOGUE:
                    continue
                addressed = {c for w in _CAP.findall(s.text) if (c := r.name(w[1]))}
                before = next((segs[j].text for j in reversed(idx[:pos]) if segs[j].kind == model.NARRATION), "") \
                    if pos and segs[idx[pos - 1]].kind == model.NARRATION else ""
                after = segs[idx[pos + 1]].text if pos + 1 < len(idx) and segs[idx[pos + 1]].kind == model.NARRATION else ""
                speaker = _frame(r, before, after, addressed)
                if speaker is None and para_speaker:
                    speaker = para_speaker
                if speaker is None:
                    speaker = _actor(r, narration_text, addressed)
                if speaker is None and len(last_two) == 2 and prev_para_speaker:
                    speaker = last_two[0] if prev_para_speaker == last_two[1] else last_two[1]
                    if speaker in addressed:
                        speaker = None
                segs[i] = s.with_speaker(speaker)
                para_speaker = speaker or para_speaker
            for i in idx:
                if segs[i].kind != model.DIALOGUE:
                    r.mention(segs[i].text)
            if para_speaker:
                r._touch(para_speaker)
                if not last_two or last_two[-1] != para_speaker:
                    last_two = (last_two + [para_speaker])[-2:]
            if any(segs[i].kind == model.DIALOGUE for i in idx):
                prev_para_speaker = para_speaker
            elif narration_text:
                prev_para_speaker = None if len(narration_text) > 200 else prev_para_speaker
        new_chapters.append(replace(ch, segments=tuple(segs)))
    out = replace(script, chapters=tuple(new_chapters))
    counts = Counter(s.speaker for s in out.segments if s.kind == model.DIALOGUE and s.speaker)
    firsts = {}
    for s in out.segments:
        if s.kind == model.DIALOGUE and s.speaker and s.speaker not in firsts:
            firsts[s.speaker] = s.text
    ranked = sorted((replace(c, lines=counts[c.name], first_line=firsts.get(c.name)) for c in characters),
                    key=lambda c: -c.lines)
    return out, ranked


def _paragraph_groups(segs: list[Segment]):
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(s.paragraph, []).append(i)
    return groups.items()


def _frame(r: _Resolver, before: str, after: str, addressed: set[str]) -> str | None:
    m = _AFTER_NAME.match(after)
    if m:
        who = r.resolve(m.group(1) or m.group(2), addressed)
        if who:
            return who
    m = _BEFORE_NAME.search(before)
    if m:
        r.mention(before)
        return r.resolve(m.group(1), addressed)
    return None


def _actor(r: _Resolver, narration: str, addressed: set[str]) -> str | None:
    for m in _SUBJECT.finditer(narration):
        word = m.group(1)
        who = r.resolve(word, addressed)
        if who:
            return who
    return None
