"""Line numbers for a TOML file's keys, so a config error can name the line (tomllib gives none)."""
from __future__ import annotations

import bisect
import json
import re
from typing import Iterable


# --------------------------------------------------------------------------- line numbers

_BARE = r"[A-Za-z0-9_-]+"
_QKEY = r'"(?:[^"\\\n]|\\.)*"' + r"|'[^'\n]*'"
_KEY = rf"(?:{_BARE}|{_QKEY})"
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER = re.compile(rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]")
_KEYVAL = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=[ \t]*")
_SCALAR = re.compile(r"[^,\]}\n#]*")


def _split_key(dotted: str) -> tuple[str, ...]:
    out = []
    for part in re.findall(_KEY, dotted):
        if part.startswith('"'):
            out.append(json.loads(part))
        elif part.startswith("'"):
            out.append(part[1:-1])
        else:
            out.append(part)
    return tuple(out)


class KeyLines:
    """Where each key (and each array item) of a valid TOML text is: ``line(path)``."""

    def __init__(self, text: str):
        self.text = text
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]
        self.lines: dict[tuple, int] = {}
        self._scan()

    def _lineno(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def line(self, path: Iterable) -> int:
        """The line of ``path`` (keys and array indexes), or of its nearest ancestor."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def _scan(self) -> None:
        text, pos, table = self.text, 0, ()
        arrays: dict[tuple, int] = {}  # [[name]] tables seen so far, by name
        while pos < len(text):
            eol = text.find("\n", pos)
            eol = len(text) if eol < 0 else eol
            m = _HEADER.match(text, pos, eol)
            if m:
                table = _split_key(m.group(1))
                if text[m.start():m.end()].lstrip().startswith("[["):  # one more table of an array
                    arrays[table] = arrays.get(table, -1) + 1
                    table = table + (arrays[table],)
                self.lines.setdefault(table, self._lineno(pos))
            else:
                m = _KEYVAL.match(text, pos, eol)
                if m:
                    path = table + _split_key(m.group(1))
                    self.lines.setdefault(path, self._lineno(pos))
                    end = self._value(m.end(), path)
                    eol = text.find("\n", max(end, pos))
                    eol = len(text) if eol < 0 else eol
            pos = eol + 1

    def _skip_space(self, i: int) -> int:
        text = self.text
        while i < len(text):
            if text[i] in " \t\r\n":
                i += 1
            elif text[i] == "#":
                j = text.find("\n", i)
                i = len(text) if j < 0 else j
            else:
                break
        return i

    def _string(self, i: int) -> int:
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, i):
                j = text.find(quote, i + 3)
                while quote == '"""' and j > 0 and text[j - 1] == "\\":
                    j = text.find(quote, j + 1)
                return len(text) if j < 0 else j + 3
        q, j = text[i], i + 1
        while j < len(text) and text[j] != q:
            j += 2 if q == '"' and text[j] == "\\" else 1
        return j + 1

    def _value(self, i: int, path: tuple) -> int:
        """Record the lines inside the value at ``i``; return where it ends."""
        text = self.text
        if i >= len(text):
            return i
        c = text[i]
        if c in "\"'":
            return self._string(i)
        if c == "[":
            i, index = i + 1, 0
            while True:
                i = self._skip_space(i)
                if i >= len(text) or text[i] == "]":
                    return i + 1
                if text[i] == ",":
                    i += 1
                    continue
                self.lines.setdefault(path + (index,), self._lineno(i))
                j = self._value(i, path + (index,))
                i, index = max(j, i + 1), index + 1
        if c == "{":
            i += 1
            while True:
                i = self._skip_space(i)
                if i >= len(text) or text[i] == "}":
                    return i + 1
                if text[i] == ",":
                    i += 1
                    continue
                m = _KEYVAL.match(text, i)
                if not m:
                    return i + 1
                sub = path + _split_key(m.group(1))
                self.lines.setdefault(sub, self._lineno(i))
                i = max(self._value(m.end(), sub), i + 1)
        return _SCALAR.match(text, i).end()
