"""What the engine should hear for a segment's text, where it differs from the page (numerals, [pronounce]).

Only speech changes here; the script, captions and tags keep the story's text.
"""
from __future__ import annotations

import re

from .. import model
from ..words import roman_value

_KEYWORD = (r"chapter|part|book|stave|volume|letter|section|act|scene|adventure|canto|"
            r"episode|story|tale|appendix")
_AFTER_KEYWORD = re.compile(rf"\b({_KEYWORD})(\s+)([IVXLCDM]+)\b", re.IGNORECASE)
_LEADING = re.compile(r"^(\s*)([IVXLC]+)(?=\s*(?:[.:)\]—–-]|$))")  # no D or M: "MIX" is a word


def _arabic(m: re.Match, group: int) -> str:
    """The match with its numeral (``group``) written in digits, when it is a numeral."""
    value = roman_value(m.group(group).upper(), strict=True)
    if value is None:
        return m.group(0)
    return m.group(0)[: m.start(group) - m.start(0)] + str(value)


def heading_speech(text: str) -> str:
    """A heading as it should sound: Roman chapter numbers read as numbers.

    espeak-ng spells "Part III" letter by letter ("Part I I I"); "Part 3" is read
    "Part three". Only numerals after a heading word (``Chapter XII``) or opening
    the heading (``IV. The Red-Headed League``) change; "What I Saw" keeps its I.
    """
    text = _AFTER_KEYWORD.sub(lambda m: _arabic(m, 3), text)
    return _LEADING.sub(lambda m: _arabic(m, 2), text)


def spoken_text(seg: model.Segment) -> str:
    """The text the engine speaks for ``seg`` (before the voice config's [pronounce])."""
    if seg.kind in (model.HEADING, model.TITLE):
        return heading_speech(seg.text)
    return seg.text


class Pronouncer:
    """Whole-word, case-aware respelling.

    A key with a capital letter (``Buffy``) matches that exact spelling; an
    all-lowercase key (``gif``) matches any case and carries the case over
    (``GIF`` -> ``JIF``, ``Gif`` -> ``Jif``). Longer keys win over shorter ones.
    """

    def __init__(self, table: dict[str, str]):
        self.exact = {k: v for k, v in table.items() if k != k.lower()}
        self.folded = {k: v for k, v in table.items() if k == k.lower()}
        alts = []
        for key in sorted(table, key=lambda k: (-len(k), k)):
            body = re.escape(key)
            alts.append(body if key in self.exact else f"(?i:{body})")
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)") if alts else None

    def _replace(self, m: re.Match) -> str:
        word = m.group(0)
        if word in self.exact:
            return self.exact[word]
        new = self.folded.get(word.lower())
        if new is None:  # an exact key matched by another key's folding: keep the text
            return word
        if word.isupper() and len(word) > 1:
            return new.upper()
        if word[:1].isupper():
            return new[:1].upper() + new[1:]
        return new

    def __call__(self, text: str) -> str:
        return self.pattern.sub(self._replace, text) if self.pattern else text
