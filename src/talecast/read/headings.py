"""Headings: what a heading line means (part, chapter, section, note) and the title a listener hears."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..words import roman_value


# --- headings ------------------------------------------------------------------

PART, CHAPTER, SECTION, NOTE = 0, 1, 2, 3

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_ORDINALS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
             "twentieth").split()
_WORDNUM = "|".join(sorted([*_UNITS[1:], *_TENS, *_ORDINALS[1:]], key=len, reverse=True))
_NUMBER = (rf"(?:\d+|[IVXLCDM]+\b|[ivxlcdm]+\b|(?:{_WORDNUM})(?:[- ](?:{_WORDNUM}))?\b"
           rf"|the\s+(?:last|final|{'|'.join(_ORDINALS[1:])})\b)")
_KEYWORDS = {"part": PART, "book": PART, "volume": PART, "vol": PART,
             "chapter": CHAPTER, "chap": CHAPTER, "stave": CHAPTER, "letter": CHAPTER, "act": CHAPTER,
             "adventure": CHAPTER, "episode": CHAPTER, "canto": CHAPTER,
             "section": SECTION, "scene": SECTION}
_KW = "|".join(_KEYWORDS)
_SEP = r"[.:—–\-)]"
_KEYWORD_HEAD = re.compile(
    rf"^(?P<kw>(?i:{_KW}))\.?\s+(?P<num>(?i:{_NUMBER}))\s*(?:{_SEP}+\s*(?P<sub>.*?)|\s{{2,}}(?P<sub2>\S.*?)"
    rf"|\s+(?P<sub3>[A-Z\"“‘'_*].*?))?\s*$",
)
_ORDINAL_HEAD = re.compile(rf"^(?P<num>{'|'.join(_ORDINALS[1:])}|last|final)\s+(?P<kw>{_KW})\.?$",
                           re.IGNORECASE)
_NAMED_HEAD = re.compile(r"^(?P<kw>prologue|epilogue|interlude|coda)\b\s*(?:[.:—–\-]+\s*(?P<sub>.*?))?\s*$",
                         re.IGNORECASE)
_NOTE_HEAD = re.compile(
    r"^(?:preface|foreword|introduction|author['’]?s['’]?\s+notes?|a/n|notes?|end\s*notes?|afterword"
    r"|acknowledge?ments?|dedication|disclaimer|summary|explanatory|notice|postscript"
    r"|translator['’]?s\s+(?:note|preface))\s*[.:]?$",
    re.IGNORECASE,
)
_NUMBERED_TITLE = re.compile(r"^(?P<num>[IVXLC]+|\d{1,3})\.\s+(?P<sub>[^a-z]*[A-Z][^a-z]*)$")
_BARE_NUMBER = re.compile(
    r"^(?:[\[(]\s*(?P<a>[IVXLC]+|\d{1,3})\s*[\])]|(?P<b>[IVXLC]+|\d{1,3})\s*[.:]?"
    r"|[—–-]+\s*(?P<c>[IVXLC]+|\d{1,3})\s*[—–-]+)$")
_MARKDOWN = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<sub>\S.*?)\s*#*$")
_EMPHASIS = re.compile(r"^(?:\*\*|__|\*|_)(?P<inner>.+?)(?:\*\*|__|\*|_)$")


@dataclass(frozen=True)
class Heading:
    """What a heading line means: its level, a key to match it with a table of
    contents entry, and the title a listener hears."""

    level: int
    key: tuple
    title: str
    has_sub: bool = True


def number_value(s: str) -> int | str:
    """The value of a heading number: ``12``, ``XII``, ``twelve``, ``twelfth``, ``the last``."""
    s = re.sub(r"\s+", " ", s.strip()).lower()
    if s.isdigit():
        return int(s)
    r = roman_value(s)
    if r is not None:
        return r
    if s.startswith("the "):
        return s[4:]
    total = 0
    for w in re.split(r"[- ]", s):
        if w in _TENS:
            total += _TENS[w]
        elif w in _UNITS:
            total += _UNITS.index(w)
        elif w in _ORDINALS:
            total += _ORDINALS.index(w)
        elif w == "twentieth":
            total += 20
        else:
            return s
    return total


_SMALL = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to",
          "with", "from", "into"}


def _title_case(s: str) -> str:
    """ALL-CAPS headings read better (and tag better) in title case."""
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 2 or any(c.islower() for c in letters):
        return s
    words = s.lower().split(" ")
    out = []
    for i, w in enumerate(words):
        if (i == 0 or w not in _SMALL) and w:
            j = next((k for k, c in enumerate(w) if c.isalpha()), None)
            roman = roman_value(w.strip(".,:;!?()[]"))
            if roman is not None and w.strip(".,:;!?()[]") and len(w.strip(".,:;!?()[]")) > 1 \
                    and w.strip(".,:;!?()[]") not in ("mix", "dim", "mild", "civil", "livid", "vivid"):
                w = w.upper()
            elif j is not None:
                w = w[:j] + w[j].upper() + w[j + 1:]
        out.append(w)
    return " ".join(out)


def _clean(s: str) -> str:
    s = " ".join(s.split())
    m = _EMPHASIS.match(s)
    return m.group("inner").strip() if m else s


def heading_info(line: str) -> Heading | None:
    """Classify one line as a heading, or None when it is not one."""
    if len(line) > 140:
        return None
    line = _clean(line)
    if not line or len(line) > 100 or not (line[0].isupper() or line[0].isdigit() or line[0] in "#[(—–-"):
        return None
    m = _MARKDOWN.match(line)
    if m:
        title = _clean(m.group("sub"))
        inner = heading_info(title)
        key = inner.key if inner and inner.level <= SECTION else ("md", title.casefold())
        return Heading(CHAPTER, key + (len(m.group("hashes")),), title)
    m = _KEYWORD_HEAD.match(line)
    if m:
        sub = m.group("sub") or m.group("sub2") or m.group("sub3") or ""
        sub = sub.strip(" .:—–-") if not re.search(r"[.!?]\W*$", sub) or sub.isupper() else sub.strip()
        if sub and (len(sub) > 80 or sub.endswith((",", ";"))):
            return None
        kw = m.group("kw").lower()
        kw = {"vol": "volume", "chap": "chapter"}.get(kw, kw)
        num = m.group("num")
        numv = number_value(num)
        numtxt = num.upper() if roman_value(num) is not None else _title_case(num.upper()) if not num.isdigit() \
            else num
        if isinstance(numv, str):
            numtxt = "the " + numv.capitalize()
        title = f"{kw.capitalize()} {numtxt}"
        if sub:
            title += f": {_title_case(sub)}"
        return Heading(_KEYWORDS[m.group("kw").lower()], (kw, numv), title, bool(sub))
    m = _ORDINAL_HEAD.match(line)
    if m:
        kw = m.group("kw").lower()
        return Heading(_KEYWORDS[kw], (kw, number_value(m.group("num"))), _title_case(line.rstrip(".")), False)
    m = _NAMED_HEAD.match(line)
    if m:
        kw = m.group("kw").lower()
        sub = (m.group("sub") or "").strip()
        title = kw.capitalize() + (f": {_title_case(sub)}" if sub else "")
        return Heading(CHAPTER, (kw,), title, bool(sub))
    if _NOTE_HEAD.match(line):
        return Heading(NOTE, ("note", line.casefold()), _title_case(line.rstrip(".:")))
    m = _NUMBERED_TITLE.match(line)
    if m and len(m.group("sub")) > 2 and re.search(r"[A-Z]{2}", m.group("sub")):
        sub = m.group("sub").strip()
        return Heading(CHAPTER, ("numbered", number_value(m.group("num"))), _title_case(sub.rstrip(".")))
    m = _BARE_NUMBER.match(line)
    if m:
        num = m.group("a") or m.group("b") or m.group("c")
        if m.group("c"):
            return Heading(PART, ("part", number_value(num)), f"Part {num}", False)
        style = "bracket" if m.group("a") else "bare"
        return Heading(SECTION, (style, number_value(num)), str(number_value(num)), False)
    return None
