"""Casting: which Voice reads each segment (``Caster``), and the voice ``talecast say`` speaks in."""
from __future__ import annotations

import dataclasses
import difflib
import hashlib
from collections import Counter

from .. import model
from ..errors import ConfigError
from .catalog import Catalog
from .corrections import UNSURE
from .loading import _with
from .schema import NARRATOR, RANGES, UNKNOWN_SPEAKER, CharacterEntry, Voice, VoiceConfig

# --------------------------------------------------------------------------- casting

def _preference(name: str, pool: list[str]) -> list[str]:
    """``pool`` in an order that depends only on ``name`` and each voice (rendezvous hashing)."""
    return sorted(pool, key=lambda v: hashlib.sha256(f"{name}\n{v}".encode("utf-8")).digest())


class Caster:
    """Gives each segment its Voice: narrator, a character's own, or one from the pools.

    Default voices are chosen per character by hashing the name into the pool
    (so they do not depend on the order of appearance or on other characters),
    then, after ``plan(script)``, moved only to avoid sharing a voice with another
    speaker of the same chapter while the pool has a free one. Characters are
    placed most-lines-first, so a new minor character never moves a major one.
    """

    def __init__(self, config: VoiceConfig, genders: dict[str, str] | None = None):
        self.config = config
        self.genders = genders or {}
        self.assigned: dict[str, Voice] = {}

    def _key(self, speaker: str | None) -> tuple[str, CharacterEntry | None]:
        entry = self.config.character(speaker)
        if entry:
            return entry.name, entry
        return (speaker if speaker is not None else UNKNOWN_SPEAKER), None

    def _own(self, entry: CharacterEntry | None) -> Voice | None:
        if entry and entry.narrator:
            return entry.voice or self.config.narrator
        return entry.voice if entry and entry.voice else None

    def _pool(self, key: str, entry: CharacterEntry | None) -> list[str]:
        gender = entry.gender if entry and entry.gender != "unknown" else self.genders.get(key, "unknown")
        pools = self.config.pools
        return pools.get(gender) or pools.get("unknown") or [self.config.narrator.id]

    def _make(self, entry: CharacterEntry | None, vid: str) -> Voice:
        s = dict(self.config.default_settings)
        if entry:
            s.update({k: getattr(entry, k) for k in ("rate", "pitch", "volume") if getattr(entry, k) is not None})
        return _with(Voice(vid), s)

    def plan(self, script: model.Script) -> dict[str, Voice]:
        """Choose default voices for every character of ``script`` who has none; return them.

        Every speaker, even one with a voice of their own (or ``skip``), gets a
        place in the pool in the same way, so giving a character their own voice
        (or changing it) leaves everyone else's default where it was, unless the
        new voice is one a fellow speaker of the same chapter had by default.
        """
        speakers, fixed, lines = [], [], Counter()
        entries: dict[str, CharacterEntry | None] = {}
        for ch in script.chapters:
            keys, taken = set(), {"": self.config.narrator.id}  # speaker -> a voice of their own
            for seg in ch.segments:
                if seg.kind == model.DIALOGUE and seg.speaker is not None and not self._is_narrator(seg.speaker):
                    key, entry = self._key(seg.speaker)
                    keys.add(key)
                    entries[key] = entry
                    lines[key] += 1
                    own = None if entry and entry.skip else self._own(entry)
                    if own:
                        taken[key] = own.id
            speakers.append(keys)
            fixed.append(taken)
        placed: dict[str, str] = {}
        for key in sorted(lines, key=lambda k: (-lines[k], k)):
            used = Counter()
            for keys, taken in zip(speakers, fixed):
                if key in keys:
                    used.update(v for k, v in taken.items() if k != key)
                    for other in keys - {key}:
                        if other in placed:  # a place in the pool counts less when not spoken in
                            used[placed[other]] += 0.5 if other in taken or self._skipped(other) else 1
            prefs = _preference(key, self._pool(key, entries[key]))
            placed[key] = min(prefs, key=lambda v: used[v])  # the first preferred among the least used
            entry = entries[key]
            if not (entry and (entry.skip or self._own(entry))):
                self.assigned[key] = self._make(entry, placed[key])
        self.unsure_voice()
        return dict(self.assigned)

    def unsure_voice(self) -> Voice:
        """Who reads a quote of no known speaker: ``[defaults] unsure``, or a voice no one else has.

        The neutral voice is chosen after every character's: the first voice of the
        ``unknown``, then the ``female`` and ``male`` lists that neither the narrator
        nor any character uses; when all are taken, the least used one, clearly lower.
        """
        if self.config.unsure is not None:
            return self.config.unsure
        if UNKNOWN_SPEAKER not in self.assigned:
            used = Counter(v.id for k, v in self.assigned.items() if k != UNKNOWN_SPEAKER)
            used.update(c.voice.id for c in self.config.characters.values() if c.voice)
            used[self.config.narrator.id] += 1
            pools = self.config.pools
            order = list(dict.fromkeys(pools.get("unknown", []) + pools.get("female", []) + pools.get("male", [])))
            order = order or [self.config.narrator.id]
            vid = min(order, key=lambda v: used[v])  # the first of the least used
            voice = self._make(None, vid)
            if used[vid]:  # no voice is free: the same timbre, clearly lower
                voice = dataclasses.replace(voice, pitch=max(RANGES["pitch"][0], voice.pitch - 25))
            self.assigned[UNKNOWN_SPEAKER] = voice
        return self.assigned[UNKNOWN_SPEAKER]

    def _is_narrator(self, speaker: str) -> bool:
        """A quote corrected to ``speaker = "narrator"`` (unless a character is called so)."""
        return speaker.lower() == NARRATOR and self.config.character(speaker) is None

    def _skipped(self, key: str) -> bool:
        entry = self.config.character(key)
        return bool(entry and entry.skip)

    def _default(self, key: str, entry: CharacterEntry | None) -> Voice:
        """A voice for a character ``plan`` did not see: avoid every voice already given."""
        if key not in self.assigned:
            used = Counter(v.id for v in self.assigned.values())
            used.update(c.voice.id for c in self.config.characters.values() if c.voice)
            used[self.config.narrator.id] += 1
            vid = min(_preference(key, self._pool(key, entry)), key=lambda v: used[v])
            self.assigned[key] = self._make(entry, vid)
        return self.assigned[key]

    def voice_for(self, seg: model.Segment) -> Voice | None:
        """The segment's voice (changed by its style, if any), or None when it is not spoken."""
        voice = self._voice_for(seg)
        return styled(voice, self.config.styles.get(seg.style)) if voice and seg.style else voice

    def _voice_for(self, seg: model.Segment) -> Voice | None:
        if seg.kind == model.BREAK:
            return None
        if seg.kind != model.DIALOGUE:
            return self.config.narrator
        if seg.speaker is None:
            return self.unsure_voice()
        if self._is_narrator(seg.speaker):
            return self.config.narrator
        key, entry = self._key(seg.speaker)
        if entry and entry.skip:
            return None
        return self._own(entry) or self._default(key, entry)

    def speaker_voice(self, name: str) -> Voice | None:
        """The voice ``name`` speaks in ("narrator" for the narrator); None if skipped."""
        if name.lower() == NARRATOR:
            return self.config.narrator
        if name.lower() == UNSURE and self.config.character(name) is None:
            return self.unsure_voice()
        return self.voice_for(model.Segment(0, model.DIALOGUE, "", 0, 0, speaker=name))


def styled(voice: Voice, change: dict | None) -> Voice:
    """``voice`` with a style's changes added, each kept within its valid range."""
    if not change:
        return voice
    def clamp(key, value):
        lo, hi = RANGES[key]
        return min(hi, max(lo, value))
    return dataclasses.replace(voice, rate=int(clamp("rate", voice.rate + change.get("rate", 0))),
                               pitch=int(clamp("pitch", voice.pitch + change.get("pitch", 0))),
                               volume=float(clamp("volume", voice.volume + change.get("volume", 0))))


# --------------------------------------------------------------------------- auditioning

def pick_voice(config: VoiceConfig, voice_id: str | None = None, speaker: str | None = None,
               script: model.Script | None = None, genders: dict[str, str] | None = None,
               rate: int | None = None, pitch: int | None = None) -> Voice:
    """The voice `talecast say` speaks in: an engine id, a speaker of the config, or the narrator."""
    if voice_id:
        problem = Catalog.from_engine().problem(voice_id)
        if problem:
            raise ConfigError(problem)
        voice = _with(Voice(voice_id), config.default_settings)
    elif speaker:
        known = set(genders or ()) | {n for c in config.characters.values() for n in (c.name, *c.aliases)}
        if speaker.lower() not in (NARRATOR, UNSURE) and not config.character(speaker) \
                and speaker not in known:
            near = difflib.get_close_matches(speaker, sorted(known), n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(near)}?" if near else f"characters: {', '.join(sorted(known)) or 'none'}"
            raise ConfigError(f"{config.path}: no character '{speaker}' ({hint})")
        caster = Caster(config, genders)
        if script is not None:
            caster.plan(script)
        voice = caster.speaker_voice(speaker)
        if voice is None:
            raise ConfigError(f"{config.path}: {speaker} has skip = true, so is never spoken")
    else:
        voice = config.narrator
    for key, value in (("rate", rate), ("pitch", pitch)):
        if value is not None and not RANGES[key][0] <= value <= RANGES[key][1]:
            raise ConfigError(f"--{key} {value} is out of range ({RANGES[key][0]} to {RANGES[key][1]})")
    return _with(voice, {k: v for k, v in (("rate", rate), ("pitch", pitch)) if v is not None})
