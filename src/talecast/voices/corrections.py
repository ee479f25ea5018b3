"""Per-line corrections: the ``[[lines]]`` tables of a voice config.

A correction names a line by its words (matched ignoring case, punctuation and
spacing), optionally its chapter and which occurrence, and says what it is:

```toml
[[lines]]
text = "Look at me."
speaker = "Spike"        # a character of the config, "narrator" or "unsure"
chapter = 1              # optional
occurrence = 2           # optional, from 1, when the words occur more than once
# kind = "narration"     # instead of speaker: a quote that is not speech
```

``parse`` reads them while the config loads (``voices.load``); ``apply`` puts
them into an attributed Script (errors name the config file and line, with the
closest lines of the story); ``add_correction`` writes one into a config file
(tomlkit: comments and layout kept; written beside it, checked, then renamed).
"""
from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from .. import model
from ..errors import ConfigError

NARRATOR = "narrator"   # speaker: read by the narrator's voice
UNSURE = "unsure"       # speaker: read by the neutral voice (speaker null in the script)
NARRATION = "narration"  # kind: a quote that is not speech, read as narration
KEYS = {"text": str, "speaker": str, "kind": str, "chapter": int, "occurrence": int}


@dataclass(frozen=True)
class Correction:
    text: str
    speaker: str | None = None      # canonical character name, NARRATOR or UNSURE; None with kind
    kind: str | None = None         # NARRATION, or None (a speaker)
    chapter: int | None = None
    occurrence: int | None = None
    line: int = 0                   # where it is in the config, for errors
    path: str = ""

    @property
    def key(self) -> str:
        return words_key(self.text)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def words_key(text: str) -> str:
    """What two lines must share to be the same line: letters and digits, lower case."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def parse(items, path: str, line_of, resolve_speaker) -> tuple[Correction, ...]:
    """The corrections of a config's ``lines`` array.

    ``line_of(index, key=None)`` gives a config line; ``resolve_speaker(name)``
    gives the canonical name of a character of the config, or None.
    Raises ConfigError on the first problem.
    """
    def error(i, key, msg):
        return ConfigError(f"{path}:{line_of(i, key)}: {msg}")

    if not isinstance(items, list):
        raise error(None, None, "'lines' must be tables written [[lines]], one per corrected line")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise error(i, None, "each entry of 'lines' must be a table ([[lines]] with text = ...)")
        for key, value in item.items():
            if key not in KEYS:
                near = difflib.get_close_matches(key, list(KEYS), n=1, cutoff=0.5)
                hint = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(KEYS)}"
                raise error(i, key, f"unknown key '{key}' in [[lines]] ({hint})")
            want = KEYS[key]
            if not isinstance(value, want) or isinstance(value, bool):
                what = "a whole number" if want is int else "a string"
                raise error(i, key, f"'{key}' in [[lines]] must be {what}")
        text = item.get("text")
        if text is None or not words_key(text):
            raise error(i, "text" if text is not None else None,
                        "a [[lines]] correction needs text = \"the line's words\"")
        for key in ("chapter", "occurrence"):
            if key in item and item[key] < 1:
                raise error(i, key, f"{key} = {item[key]} in [[lines]] must be 1 or more")
        kind, speaker = item.get("kind"), item.get("speaker")
        if kind is not None and kind != NARRATION:
            raise error(i, "kind", f"kind = \"{kind}\" in [[lines]]: the only kind is \"{NARRATION}\" "
                                   "(a quote that is not speech); give a speaker otherwise")
        if (kind is None) == (speaker is None):
            raise error(i, None, "a [[lines]] correction needs either speaker = \"...\" "
                                 f"(a character, \"{NARRATOR}\" or \"{UNSURE}\") or kind = \"{NARRATION}\", not "
                                 + ("both" if kind else "neither"))
        if speaker is not None:
            low = speaker.strip().lower()
            if low in (NARRATOR, UNSURE):
                speaker = low
            else:
                canonical = resolve_speaker(speaker)
                if canonical is None:
                    raise error(i, "speaker", f"speaker '{speaker}' is not a character of this config "
                                              f"({_speaker_hint(speaker, resolve_speaker)})")
                speaker = canonical
        out.append(Correction(text, speaker, kind, item.get("chapter"), item.get("occurrence"),
                              line_of(i, None), path))
    return tuple(out)


def _speaker_hint(name: str, resolve_speaker) -> str:
    names = getattr(resolve_speaker, "names", [])
    near = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    if near:
        return f"did you mean '{near[0]}'?"
    return ("use a [characters] name, an alias, \"narrator\" or \"unsure\"; "
            "was the character renamed?" if names else
            "add a [characters] table for them, or run `talecast cast` to write one")


# --------------------------------------------------------------------------- applying

def apply(script: model.Script, corrections) -> model.Script:
    """``script`` with every correction made; corrected segments have ``corrected=True``.

    A quote's speaker changes (``unsure``: speaker None), a quote becomes
    narration, or words of narration become a quote of the speaker (the
    narration segment is cut around them). Raises ConfigError, naming the
    config line, when a correction matches no line or several without saying
    which (with the closest lines of the story).
    """
    if not corrections:
        return script
    chapters = [list(ch.segments) for ch in script.chapters]
    index = {ch.index: i for i, ch in enumerate(script.chapters)}
    # Decide every match first (on the uncorrected script), then change, so that
    # one correction's change never decides whether another one matches.
    plans = [(c, _find(script, chapters, index, c)) for c in corrections]
    cuts: dict[tuple[int, int], list] = {}
    for c, (ci, si, span) in plans:
        cuts.setdefault((ci, si), []).append((c, span))
    for (ci, si), changes in sorted(cuts.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        seg = chapters[ci][si]
        if len(changes) > 1 and any(span for _c, span in changes):
            changes = changes[-1:]  # two corrections cutting one narration segment: the later one
        c, span = changes[-1]
        chapters[ci][si:si + 1] = _changed(seg, c, span, script.source)
    return replace(script, chapters=tuple(replace(ch, segments=tuple(segs))
                                          for ch, segs in zip(script.chapters, chapters)))


def _speaker(c: Correction) -> str | None:
    return None if c.speaker == UNSURE else c.speaker


def _changed(seg: model.Segment, c: Correction, span, source: str) -> list[model.Segment]:
    if seg.kind == model.DIALOGUE:
        if c.kind == NARRATION:
            return [replace(seg, kind=model.NARRATION, speaker=None, corrected=True,
                            confidence=None, rule=None, runner_up=None)]
        return [replace(seg, speaker=_speaker(c), corrected=True, confidence=1.0, rule="corrected")]
    # words of narration become a quote of the speaker: cut the narration around them
    a, b = span
    out = []
    if seg.text[:a].strip():
        out.append(_piece(seg, 0, a, source, model.NARRATION))
    out.append(replace(_piece(seg, a, b, source, model.DIALOGUE), speaker=_speaker(c), corrected=True,
                       confidence=1.0, rule="corrected"))
    if seg.text[b:].strip():
        out.append(_piece(seg, b, len(seg.text), source, model.NARRATION))
    return out


def _piece(seg: model.Segment, a: int, b: int, source: str, kind: str) -> model.Segment:
    """Characters a..b of ``seg.text`` as a segment of ``kind``, with source offsets."""
    text = seg.text[a:b]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    a += lead
    b = a + len(text)
    src = source[seg.start:seg.end]
    if src == seg.text:
        start, end = seg.start + a, seg.start + b
    else:  # the text was tidied (spacing): map through the letters both share
        start, end = _map_span(seg.text, src, a, b, seg.start, seg.end)
    return replace(seg, kind=kind, text=text, start=start, end=end, speaker=None)


def _map_span(text: str, src: str, a: int, b: int, s0: int, s1: int) -> tuple[int, int]:
    src_pos = [i for i, ch in enumerate(src) if ch.isalnum()]
    before = sum(1 for ch in text[:a] if ch.isalnum())
    inside = sum(1 for ch in text[a:b] if ch.isalnum())
    if not src_pos or before + inside > len(src_pos) or inside == 0:
        return s0, s1
    return s0 + src_pos[before], s0 + src_pos[before + inside - 1] + 1


def _find(script, chapters, index, c: Correction):
    """(chapter position, segment position, span in the segment's text or None) of ``c``'s line."""
    key = c.key
    if c.chapter is not None and c.chapter not in index:
        raise ConfigError(f"{c.where}: chapter = {c.chapter}, but the story has chapters "
                          f"{min(index)} to {max(index)}")
    scope = [index[c.chapter]] if c.chapter is not None else range(len(chapters))
    quotes, narration = [], []
    for ci in scope:
        for si, seg in enumerate(chapters[ci]):
            if seg.kind == model.DIALOGUE:
                k = words_key(seg.text)
                if k == key:
                    quotes.append((ci, si, None, 0))
            elif seg.kind == model.NARRATION and c.kind is None:
                k = words_key(seg.text)
                pos = k.find(key)
                while pos >= 0:
                    narration.append((ci, si, _text_span(seg.text, pos, len(key)), pos))
                    pos = k.find(key, pos + 1)
    if not quotes and c.kind is None:
        # a line of a quote that was cut (a long quote, emphasis): the quote that contains it
        for ci in scope:
            for si, seg in enumerate(chapters[ci]):
                if seg.kind == model.DIALOGUE and len(key) >= 8 and key in words_key(seg.text):
                    quotes.append((ci, si, None, 0))
    found = quotes or narration
    if c.kind == NARRATION and not quotes:
        found = []
    what = "quote" if c.kind == NARRATION else "line"
    if not found:
        raise ConfigError(f"{c.where}: the {what} \"{_short(c.text)}\" is not in the story"
                          f"{' (chapter ' + str(c.chapter) + ')' if c.chapter else ''}"
                          f"{_did_you_mean(chapters, scope, c)}")
    if c.occurrence is not None:
        if c.occurrence > len(found):
            raise ConfigError(f"{c.where}: occurrence = {c.occurrence}, but \"{_short(c.text)}\" occurs "
                              f"{len(found)} time{'s' if len(found) != 1 else ''}"
                              f"{' in chapter ' + str(c.chapter) if c.chapter else ''}")
        ci, si, span, _ = found[c.occurrence - 1]
        return ci, si, span
    if len(found) > 1:
        where = sorted({script.chapters[ci].index for ci, *_ in found})
        raise ConfigError(f"{c.where}: \"{_short(c.text)}\" occurs {len(found)} times (chapter"
                          f"{'s' if len(where) > 1 else ''} {', '.join(map(str, where[:8]))}): "
                          f"add occurrence = 1 to {len(found)}"
                          + (" or chapter = N" if len(where) > 1 and c.chapter is None else ""))
    ci, si, span, _ = found[0]
    return ci, si, span


def _text_span(text: str, pos: int, length: int) -> tuple[int, int]:
    """The span of ``text`` holding letters ``pos``..``pos+length`` of its words key."""
    seen, a, b = 0, 0, len(text)
    for i, ch in enumerate(text):
        if ch.casefold().isalnum():
            n = len("".join(x for x in ch.casefold() if x.isalnum()))
            if seen == pos:
                a = i
            seen += n
            if seen == pos + length:
                b = i + 1
                break
    # take a closing quote mark or punctuation that ends the words along
    while b < len(text) and not text[b].isspace() and not text[b].isalnum():
        b += 1
    while a > 0 and not text[a - 1].isspace() and not text[a - 1].isalnum():
        a -= 1
    return a, b


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3] + "..."


def _did_you_mean(chapters, scope, c: Correction) -> str:
    pool = {}
    for ci in scope:
        for seg in chapters[ci]:
            if seg.kind == model.DIALOGUE:
                pool.setdefault(" ".join(seg.text.split()), None)
            elif seg.kind == model.NARRATION and c.kind is None:
                for sentence in re.split(r"(?<=[.!?])\s+", seg.text):
                    if sentence.strip():
                        pool.setdefault(" ".join(sentence.split()), None)
    want = " ".join(c.text.split())
    near = difflib.get_close_matches(want, list(pool), n=3, cutoff=0.5)
    if not near:
        low = {p.lower(): p for p in pool}
        near = [low[k] for k in difflib.get_close_matches(want.lower(), list(low), n=3, cutoff=0.4)]
    return (" (did you mean " + " or ".join(f"\"{_short(n)}\"" for n in near) + "?)") if near else ""


# --------------------------------------------------------------------------- writing

def add_correction(path: str | Path, text: str, speaker: str | None = None, *, kind: str | None = None,
                   chapter: int | None = None, occurrence: int | None = None) -> None:
    """Add (or replace) the correction of one line in the voice config at ``path``.

    The line is ``text`` (with ``chapter``/``occurrence`` when given); a correction
    already there for the same words, chapter and occurrence is replaced, others
    are kept. ``speaker`` is a character of the config, ``"narrator"`` or
    ``"unsure"``; or ``kind="narration"``. Comments and layout are kept (tomlkit);
    the new text is written beside the file, checked with ``voices.load`` (a bad
    speaker raises ConfigError and leaves the file as it was), then renamed over it.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from .loading import load

    path = Path(path)
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    except (TOMLKitError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot add a correction to it: {exc}") from None
    entry = tomlkit.table()
    entry.add("text", text)
    if speaker is not None:
        entry.add("speaker", speaker)
    if kind is not None:
        entry.add("kind", kind)
    if chapter is not None:
        entry.add("chapter", chapter)
    if occurrence is not None:
        entry.add("occurrence", occurrence)
    lines = doc.get("lines")
    if lines is None:
        if tomlkit.dumps(doc).strip() and not tomlkit.dumps(doc).endswith("\n\n"):
            doc.add(tomlkit.nl())
        lines = tomlkit.aot()
        doc.append("lines", lines)
    same = (words_key(text), chapter, occurrence)
    for i, old in enumerate(list(lines)):
        if (words_key(str(old.get("text", ""))), old.get("chapter"), old.get("occurrence")) == same:
            if old.as_string().endswith("\n\n"):
                entry.add(tomlkit.nl())
            lines[i] = entry
            break
    else:
        if len(lines) and not lines[-1].as_string().endswith("\n\n"):
            lines[-1].add(tomlkit.nl())  # a blank line between corrections
        lines.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(tomlkit.dumps(doc))
        try:
            load(tmp)
        except ConfigError as exc:  # name the user's file, not the temporary one
            raise ConfigError(str(exc).replace(tmp, str(path))) from None
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
