"""Words and marks that several stages read the same way, each written once here:
Roman numerals, sentence ends, and the titles whose full stop ends no sentence.

Each stage builds its own patterns from these (``read.headings``, ``segment``,
``synth.speech``, ``synth.engine``, ``render.pacing``); what one stage adds for
itself (initials in ``segment``, ``etc.`` in ``render``) stays beside its pattern.
"""
from __future__ import annotations

import re

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_WELL_FORMED = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def roman_value(numeral: str, strict: bool = False) -> int | None:
    """The value of a Roman numeral, or None when it is not one.

    By default any case and any sequence of the letters counts (``iiii`` is 4, as
    a heading may write it); ``strict`` takes only a well-formed upper-case numeral
    (``XIV``; not ``xiv`` nor ``IIII``), as in text where ``I`` or ``MIX`` may be words.
    """
    if strict:
        if not numeral or not _WELL_FORMED.match(numeral):
            return None
    else:
        numeral = numeral.upper()
        if not numeral or any(c not in ROMAN_VALUES for c in numeral):
            return None
    total = 0
    for i, c in enumerate(numeral):
        v = ROMAN_VALUES[c]
        total += -v if i + 1 < len(numeral) and ROMAN_VALUES[numeral[i + 1]] > v else v
    return total


SENTENCE_MARKS = ".!?\u2026"                      # what ends a sentence (… included)
CLOSERS = "\"'\u201d\u2019\u00bb)]"                # what may close it after the mark: quotes, brackets
# A sentence end and the space after it (the space is what a cut removes).
SENTENCE_END = re.compile(rf"(?<=[{re.escape(SENTENCE_MARKS)}])[{re.escape(CLOSERS)}]*\s+")

# Titles before a name, whose full stop ends no sentence ("Mr. Darcy", "St. Clair").
TITLES = ("Mr", "Mrs", "Ms", "Mx", "Messrs", "Mme", "Mlle", "Dr", "St", "Mt", "Prof", "Rev", "Col", "Capt",
          "Gen", "Lt", "Sgt", "Jr", "Sr")
