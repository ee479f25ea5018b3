"""A second opinion between the speaker the rules chose and the runner-up.

The rules choose one speaker for each quote and name a runner-up (another candidate of
the tag, a neighbouring turn's voice, the character named last). Where the rules' choice
is wrong, the runner-up is often right. A small logistic model, fitted on the development
novels (``benchmarks/fit_rerank.py`` fits it into ``data/rerank.json``), reads the
evidence each of the two has as named features (``candidate``: whether the tag may mean
it and in which place, whether it speaks the turn before or after, or two before or
after (the voices alternate), whether the turn before or after calls it by name, whether
the quote itself calls it or names it, whether it acts beside the quote or is the subject
of the narration before, whether the one acting there (before the quotes, beside the quote,
after them) may mean it (``she turned away`` cannot mean a man; ``_could_mean``), whether the
tag's he/she cannot, whether it spoke the last named tag of the conversation before, whether
the turn before names it, whether the turn before calls its listener ``sir`` or ``ma'am`` of
its sex, whether the narration says that the quote's he/she is not it, where it ranks among the characters named last, whether it was
a subject in the last 400 characters or named in the last 1,000, whether a named tag gives
it a line in the conversation, whether its sex is the one the quote's ``sir`` or ``ma'am``
calls, its lines in the book and the chapter, whether the turn before or after or the quote's
own turn calls it by name in any sentence (``vprev``, ``vnext``, ``vself``), whether it asked the
question the turn before ends on (``asked=``), whether the next turn or its own quote names it
without calling it, its turns in the conversation (``cturns=``), whether the one acting before
the next turn's quote may mean it (``nact-``)), with the rule that chose, where the
runner-up was found, the conversation path's margin between the two and the runner-up's
place among the voices the path weighed (``rk=``), and the evidence the
confidence reads (``confidence.features``), each alone and with the rule. Its output is
the chance that the runner-up is right. Where that is at least ``THRESHOLD`` the runner-up
takes the quote (``attribute``); its confidence is the lower of the two opinions.

Named tags are never second-guessed, nor quotes that only repeat another quote's speaker
(``paragraph``, ``continued``): the model has nothing of their own to read there.
"""
from __future__ import annotations

import json
import math
from importlib import resources
from itertools import repeat

from . import confidence as _confidence

THRESHOLD = 0.8  # the runner-up takes the quote when it is right this often (on the dev novels)
_NOT_SECOND_GUESSED = {"paragraph", "continued"}


def load_model() -> dict:
    """The feature weights fitted on the dev novels: ``data/rerank.json``."""
    path = resources.files("talecast") / "data" / "rerank.json"
    return json.loads(path.read_text("utf-8"))["weights"] if path.is_file() else {}


MODEL = load_model()  # the fitting script empties it to read the rules' own choices (no weights: 0.5)


def eligible(rule: str, tag: str) -> bool:
    """Whether a quote decided so may be second-guessed: not a named tag, nor a quote that
    only repeats another quote's speaker."""
    return rule not in _NOT_SECOND_GUESSED and tag != "named"


def bucket(m: float | None) -> str:
    """The conversation path's margin of the rules' choice over the runner-up, in bands."""
    if m is None:
        return "none"
    return "<-1" if m < -1 else "<0" if m < 0 else "0-1" if m < 1 else "1-2" if m < 2 else \
        "2-4" if m < 4 else "4-8" if m < 8 else "8+"


def _spk(turn, last: bool):
    """The turn's last (or first) voice known, None if none: a loop, not a list made per read."""
    for s in reversed(turn.speakers) if last else turn.speakers:
        if s is not None:
            return s
    return None


def last_named(conv) -> list:
    """Per turn of the conversation ``conv``: the speaker of the last quote a named tag
    decided in the turns before it (None: none, or one with no speaker), as ``candidate``
    reads it (one pass, instead of a walk back from every quote's two candidates)."""
    out, last = [], None
    for t in conv:
        out.append(last)
        for s, r, tr in reversed(list(zip(t.speakers, t.rules, t.tags))):
            if r == "tag" and tr is not None and tr.certain:
                last = s
                break
    return out


def candidate(c, conv, k, n, ref, sal, start, cast, named, lastnamed: list | None = None) -> list[str]:
    """What speaks for and against ``c`` as the speaker of quote ``n`` of turn ``k`` of the
    conversation ``conv`` (``ref``: the quote's tag, if any; ``named``: the voices named
    tags give a line in the conversation; ``lastnamed``: ``last_named(conv)``, read when
    not given)."""
    t = conv[k]
    out = []
    if ref is not None and not ref.certain:
        out.append("tagcand=" + (str(ref.cands.index(c)) if c in ref.cands[:3] else "no"))
    for j, nm in ((k - 1, "prev"), (k + 1, "next"), (k - 2, "prev2"), (k + 2, "next2")):
        if 0 <= j < len(conv):
            s = _spk(conv[j], j < k)
            out.append(f"{nm}={'same' if s == c else 'other' if s is not None else 'open'}")
        else:
            out.append(f"{nm}=edge")
    if k >= 1 and conv[k - 1].vocative == c:
        out.append("called-before")
    if k + 1 < len(conv) and conv[k + 1].vocative == c:
        out.append("called-after")
    if t.vocative == c:
        out.append("calls-it")
    elif c in t.addressed:
        out.append("names-it")
    if t.actor is not None and t.actor.who == c:
        out.append("actor")
    if n < len(t.qactors) and getattr(t.qactors[n], "who", None) == c:
        out.append("qactor")
    for nm, a in (("actor", t.actor), ("qactor", t.qactors[n] if n < len(t.qactors) else None),
                  ("late", t.late_actor)):
        out.append(nm + "-" + _could_mean(a, c))
    if ref is not None and not ref.certain and c not in ref.cands:
        out.append("tag-excludes")
    last = (last_named(conv) if lastnamed is None else lastnamed)[k]
    if last is not None:
        out.append("lastnamed=" + ("same" if last == c else "other"))
    if k >= 1 and c in conv[k - 1].addressed and conv[k - 1].vocative != c:
        out.append("named-before")
    if t.narrated == c:
        out.append("narrated")
    rec = sal.recent(start, 6)
    out.append("sal=" + (str(min(rec.index(c), 3)) if c in rec else "no"))
    if sal.subject_since(c, start - 400, start):
        out.append("subject-400")
    out.append("near" if sal.named_since(c, start - 1000, start) else "not-near")
    if c in named:
        out.append("named-in-scene")
    if t.to_gender and cast.gender[c] in ("male", "female"):
        out.append("sex=" + ("agree" if cast.gender[c] == t.to_gender else "disagree"))
    if k >= 1 and conv[k - 1].to_gender and cast.gender[c] in ("male", "female"):
        out.append("prevsex=" + ("agree" if cast.gender[c] == conv[k - 1].to_gender else "disagree"))
    if n < len(t.apart) and c in t.apart[n].get(cast.gender[c], ()):
        out.append("apart")
    prev = conv[k - 1] if k >= 1 else None
    nxt = conv[k + 1] if k + 1 < len(conv) else None
    if prev is not None and c in prev.callees:
        out.append("vprev")
    if nxt is not None and c in nxt.callees:
        out.append("vnext")
    if c in t.callees:
        out.append("vself")
    if prev is not None and prev.asks:
        s = _spk(prev, True)
        out.append("asked=" + ("same" if s == c else "other" if s is not None else "open"))
    if nxt is not None and c in nxt.addressed and c not in nxt.callees:
        out.append("named-next")
    if c in t.addressed and c not in t.callees:
        out.append("named3")
    m = -1 if c in t.speakers else 0  # the other turns ``c`` speaks in: all of them but this one
    for u in conv:
        if c in u.speakers:
            m += 1
    out.append("cturns=" + ("0" if m == 0 else "1" if m == 1 else "2" if m == 2 else "3-5" if m <= 5 else "6+"))
    if nxt is not None:
        out.append("nact-" + _could_mean(nxt.actor, c))
    return out


def _could_mean(a, c) -> str:
    """Whether the one acting ``a`` (a ``_Ref``: a name, or a he/she and whom it may mean) is
    ``c``: ``is`` (its first reading), ``may`` (another reading), ``not`` (a he/she that cannot
    mean ``c``), ``other`` (a name, another's), ``none`` (no one acts)."""
    if a is None or not a.cands:
        return "none"
    if a.who == c:
        return "is"
    if a.certain:
        return "other"
    return "may" if c in a.cands else "not"


def features(ev: dict) -> list[str]:
    """The names of the features of a quote's pair (the rules' choice ``g:``, the runner-up
    ``r:``), each counting 1."""
    p = ev["pair"]
    k = _confidence.kind(ev)
    out = ["bias", "src=" + str(p["src"]), f"k={k}", f"k={k}|src={p['src']}", "pm=" + p["pm"],
           f"k={k}|pm={p['pm']}", "rin=" + str(p["rin"]), "set=" + ("cast" if ev.get("given") else "nocast")]
    out += ["g:" + f for f in p["g"]] + ["r:" + f for f in p["r"]]
    out += ["c:" + f for f in _confidence.features(ev)]
    out += [f"k={k}|g:{f}" for f in p["g"]] + [f"k={k}|r:{f}" for f in p["r"]]
    if ev.get("stage"):
        out.append("stage=" + ev["stage"])
    if "rk" in p:
        out += ["rk=" + p["rk"], f"k={k}|rk={p['rk']}"]
    return sorted(set(out))


def probability(ev: dict, model: dict | None = None) -> float:
    """The chance that the runner-up, not the rules' choice, is the quote's speaker."""
    weights = MODEL if model is None else model
    z = sum(map(weights.get, features(ev), repeat(0.0)))  # (the same sum, in order, at C speed)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
