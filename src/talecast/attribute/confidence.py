"""How sure attribution is of a quote's speaker: the precision the deciding rule had, with
its evidence, on the development novels (``benchmarks/calibrate_confidence.py`` measures it into
``data/confidence.json``;
``docs/attribution.md`` has the tables and how the threshold was chosen).

The evidence is read in levels, each more specific than the one before: the setting (a
cast given or characters discovered), the rule, then the rule's own evidence (a named or a
pronoun tag; for the other rules, how many voices the conversation has and whether the
quote calls someone else by name), the margin by
which the conversation's best sequence of speakers through the chosen speaker beats the
best through anyone else (``conversation``, forward and backward), then where the chosen
speaker ranks by lines in the book (a minor one is more
often a character discovery made up, or a wrong pronoun's). Each level's precision is shrunk towards the level
above (``PRIOR`` quotes' worth), so a cell seen a few times says little.

A quote below ``THRESHOLD`` keeps no speaker: a neutral voice reads it, which a listener
minds far less than a wrong character's.
"""
from __future__ import annotations

import json
from importlib import resources

THRESHOLD = 0.5  # quotes less certain than this are read by the neutral voice
PRIOR = 50.0     # how many quotes a level's precision counts for in the level below


def load_counts() -> dict:
    """(right, attributed) quotes on the dev novels, by cell (``keys``): ``data/confidence.json``."""
    return json.loads((resources.files("talecast") / "data" / "confidence.json").read_text("utf-8"))["counts"]


def _margin(m: float | None) -> str:
    """How much better the best path giving the quote its speaker is than the best giving it
    anyone else (points of ``conversation``'s weights): how contested the turn is."""
    if m is None:
        return "alone"
    return "below" if m < 0 else "0-1" if m < 1 else "1-3" if m < 3 else "3-6" if m < 6 else "6+"


def _rank(r: int) -> str:
    return {1: "1st", 2: "2nd"}.get(r, "3-5" if 3 <= r <= 5 else "6+")


def keys(ev: dict) -> list[tuple]:
    """The cells of one quote's evidence, the most general first: the setting; the rule; a
    named or a pronoun tag and how many characters the pronoun may mean (other rules: how
    many voices the conversation has, 1, 2 or 3+, and whether the quote calls another by name); the margin of the conversation's best
    path through the speaker over the best through anyone else; where the speaker ranks
    by lines (1st, 2nd, 3-5, 6+)."""
    setting = "cast" if ev.get("given") else "nocast"
    rule = ev["rule"]
    if rule == "tag":
        detail = ev["tag"] + ("" if ev["tag"] == "named" else "-" + str(min(ev.get("cands") or 1, 3)))
    else:  # and whether the quote calls someone else by name (then it is likely not theirs)
        detail = str(min(ev.get("voices") or 1, 3)) + ("+calls" if ev.get("calls") else "")
    cells = [(setting,), (setting, rule), (setting, rule, detail), (setting, rule, detail, _margin(ev.get("margin")))]
    return cells + [cells[-1] + (_rank(ev.get("rank") or 0),)]


def table_from_counts(counts: dict) -> dict:
    return {tuple(k.split("|")) if isinstance(k, str) else k: v for k, v in counts.items()}


_TABLE = table_from_counts(load_counts())


def confidence(ev: dict, table: dict | None = None) -> float:
    """The confidence (0..1) of one quote's attribution, from its evidence."""
    if ev["who"] is None:
        return 0.0
    table = _TABLE if table is None else table
    p = 0.5
    for key in keys(ev):
        right, n = table.get(key, (0, 0))
        p = (right + PRIOR * p) / (n + PRIOR)
    return p


def sequence(evs: list[dict], table: dict | None = None) -> list[float]:
    """The confidences of a book's quotes, in reading order. A quotation continued over
    several paragraphs (rule ``continued``) is as sure as the paragraph where it began."""
    out, last = [], None
    for ev in evs:
        conf = confidence(ev, table)
        here = (ev.get("chapter"), ev["who"])
        if ev["rule"] == "continued" and last is not None and last[0] == here:
            conf = last[1]
        last = (here, conf)
        out.append(conf)
    return out
