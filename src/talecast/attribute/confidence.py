"""How sure attribution is of a quote's speaker: a small logistic model over the evidence
the deciding rule had, fitted on the development novels (``benchmarks/calibrate_confidence.py``
fits it into ``data/confidence.json``; ``docs/attribution.md`` has the measurements and how
the threshold was chosen).

A quote's evidence is read as a few named features (``features``), each with a weight
(points of log-odds); the confidence is the logistic of their sum. The features: the
setting (a cast given or characters discovered); the rule, with its own evidence (a named
tag, or a pronoun tag and how many characters the pronoun may mean, and how the tag chose
among them: ``sieve._decide_tags``'s stage, the latest one named, one passed over for the
turn-taking, the A-B-A return, the one just called by name...); the rule with how many
voices the conversation has (1, 2, 3+) and with whether the quote calls another by name;
the rule with the margin by which the conversation's best sequence of speakers through the
chosen speaker beats the best through anyone else (``conversation``, forward and
backward); where the speaker ranks by lines in the book and how many lines it has in the
chapter (a voice heard once in a chapter is more often a mistake); and whether a named
tag gives the speaker a line somewhere in the same conversation (then they are in the
scene), and whether the narration named the speaker in the 1,000 characters before the
quote (one not named lately is more often a wrong guess); and, for a quote that repeats
the speaker of its paragraph's decided quote (``paragraph``), what decided that one (a named
tag, a pronoun tag with 1, 2 or 3+ candidates, or another rule: ``source``), alone and with
the conversation's voices. The weights are shrunk towards 0 (an L2 penalty, ``PENALTY`` in the fitting
script), so a feature seen a few times says little, and a feature never seen says nothing.

A quote below ``THRESHOLD`` keeps no speaker: a neutral voice reads it, which a listener
minds far less than a wrong character's.
"""
from __future__ import annotations

import json
import math
from importlib import resources

THRESHOLD = 0.5  # quotes less certain than this are read by the neutral voice


def load_model() -> dict:
    """The feature weights fitted on the dev novels: ``data/confidence.json``."""
    return json.loads((resources.files("talecast") / "data" / "confidence.json").read_text("utf-8"))["weights"]


def _margin(m: float | None) -> str:
    """How much better the best path giving the quote its speaker is than the best giving it
    anyone else (points of ``conversation``'s weights): how contested the turn is."""
    if m is None:
        return "alone"
    return "below" if m < 0 else "0-1" if m < 1 else "1-3" if m < 3 else "3-6" if m < 6 else "6+"


def _rank(r: int) -> str:
    r = r or 0
    return str(r) if r <= 2 else "3-5" if r <= 5 else "6-10" if r <= 10 else "11+"


def _chapter_lines(n: int) -> str:
    n = n or 0
    return str(n) if n <= 3 else "4-10" if n <= 10 else "11+"


def kind(ev: dict) -> str:
    """The rule, a tag split by what names the speaker: ``named``, or ``pronoun-N`` for
    a pronoun that may mean N characters (1, 2, 3+)."""
    if ev["rule"] != "tag":
        return ev["rule"]
    return "named" if ev.get("tag") == "named" else "pronoun-" + str(min(ev.get("cands") or 1, 3))


def features(ev: dict) -> list[str]:
    """The names of the features one quote's evidence has (each counts 1)."""
    setting = "cast" if ev.get("given") else "nocast"
    k = kind(ev)
    margin = _margin(ev.get("margin"))
    rank = _rank(ev.get("rank"))
    named = "named-in-scene" if ev.get("named") else "unnamed-in-scene"
    out = ["bias", setting, f"{setting}|{k}", k, f"{k}|voices={min(ev.get('voices') or 1, 3)}",
           f"margin={margin}", f"{k}|margin={margin}", f"rank={rank}", f"{setting}|rank={rank}",
           f"chapter-lines={_chapter_lines(ev.get('chlines'))}", named, f"{k}|{named}"]
    near = "near" if ev.get("near") else "not-near"  # the speaker named in the 1,000 characters before
    out += [near, f"{k}|{near}"]
    if ev.get("stage"):  # how a pronoun or description tag chose among its candidates
        what = "description" if ev.get("described") else "pronoun"
        out += [f"{what}|{ev['stage']}", f"{k}|{ev['stage']}"]
    if ev.get("calls"):  # the quote calls someone else by name: then it is likely not theirs
        out += ["calls", f"{k}|calls"]
    if ev.get("source"):  # a paragraph's quote is as sure as what decided its paragraph
        out += [f"from={ev['source']}", f"from={ev['source']}|voices={min(ev.get('voices') or 1, 3)}"]
    return out


_MODEL = load_model()


def _what_counts(ev: dict) -> tuple:
    """All that ``features`` reads of ``ev``, as it reads it: for two quotes equal here, the
    features are the same."""
    return (bool(ev.get("given")), kind(ev), _margin(ev.get("margin")), _rank(ev.get("rank")),
            bool(ev.get("named")), min(ev.get("voices") or 1, 3), _chapter_lines(ev.get("chlines")),
            bool(ev.get("near")), ev.get("stage") or None, bool(ev.get("described")), bool(ev.get("calls")),
            ev.get("source") or None)


# the sum of ``_MODEL``'s weights of the features of each ``_what_counts`` met (a book's quotes
# share a few hundred): the same features, summed in the same order; kept for the one model
# object they were summed with (``calibrate_confidence.py --write`` puts a new one in its place;
# nothing changes the weights of one in place)
_sums: dict[tuple, float] = {}
_summed = [None]  # (the model of ``_sums``)


def confidence(ev: dict, model: dict | None = None) -> float:
    """The confidence (0..1) of one quote's attribution, from its evidence."""
    if ev["who"] is None:
        return 0.0
    if model is None:
        if _summed[0] is not _MODEL:
            _sums.clear()
            _summed[0] = _MODEL
        key = _what_counts(ev)
        z = _sums.get(key)
        if z is None:
            if len(_sums) >= 1 << 14:
                _sums.clear()
            z = _sums[key] = sum(_MODEL.get(f, 0.0) for f in features(ev))
    else:
        z = sum(model.get(f, 0.0) for f in features(ev))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def sequence(evs: list[dict], model: dict | None = None) -> list[float]:
    """The confidences of a book's quotes, in reading order. A quotation continued over
    several paragraphs (rule ``continued``) is as sure as the paragraph where it began."""
    out, last = [], None
    for ev in evs:
        conf = confidence(ev, model)
        here = (ev.get("chapter"), ev["who"])
        if ev["rule"] == "continued" and last is not None and last[0] == here:
            conf = last[1]
        last = (here, conf)
        out.append(conf)
    return out
