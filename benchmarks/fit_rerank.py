"""Fit the second opinion between the rules' choice and the runner-up (``attribute.rerank``)
on the PDNC development novels (they stay in ../shared).

usage: python benchmarks/fit_rerank.py [--shared DIR] [--records FILE] [--fresh]
                                       [--loo] [--write] [--penalty X]

1. Attributes every dev novel in both settings (as ``calibrate_confidence.py`` does) with no
   second opinion (``rerank.MODEL`` emptied), and keeps, for every quote the model may
   second-guess, its evidence (``rerank.features``) and whether the rules' choice and the
   runner-up are PDNC's speaker (``--records``, default /tmp/talecast-rerank.json; reused
   unless ``--fresh``).
2. With ``--loo``: fits the model twelve times, each without one novel, and prints, for each
   threshold, what giving the runner-up the quotes at or above it changes on the novel left
   out: quotes right before the confidence cut (the rules' choice), quotes spoken right and
   spoken wrong (the flipped quote keeps its speaker spoken only where the rules' choice was,
   as ``attribute`` does), per setting and per novel.
3. Fits on all twelve; ``--write`` ships it as ``src/talecast/data/rerank.json``.

The logistic model is fitted in pure Python (L-BFGS, an L2 penalty on every weight but the
bias). After a change to the rules, refit with ``--fresh --loo --write``, before the
confidence model (``calibrate_confidence.py --fresh --write``), which reads what this decides.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from talecast import model, pipeline  # noqa: E402
import talecast.attribute  # noqa: E402,F401
from calibrate_confidence import cast_characters, find_shared, label, load_records, load_scorer  # noqa: E402

rerank = sys.modules["talecast.attribute.rerank"]

PENALTY = 3.0
THRESHOLDS = [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]
_KEYS = ("who", "rule", "tag", "voices", "given", "cands", "rank", "margin", "calls", "named",
         "chlines", "near", "stage", "described", "pair")


def attribute_novel(pdnc, novel, setting: str) -> list[dict]:
    """The quotes the model may second-guess, with their evidence and labels."""
    chars = cast_characters(pdnc, novel, setting)
    ev: dict[int, dict] = {}
    saved, rerank.MODEL = rerank.MODEL, {}
    try:
        sc, _ = pipeline.script(novel.folder / pdnc.TEXT, chars, threshold=0.0, evidence=ev)
    finally:
        rerank.MODEL = saved
    out = []
    for s in sc.segments:
        e = ev.get(s.start, {})
        if s.kind != model.DIALOGUE or "pair" not in e or not e.get("runner_up"):
            continue
        out.append({"start": s.start, "end": s.end, "speaker": s.guess, "runner": e["runner_up"],
                    "conf": e["confidence"], "ev": {k: e.get(k) for k in _KEYS}, "gold": None, "right": None})
    label(pdnc, novel, out)
    by_name = {q.speaker.name: q.speaker for q in novel.quotes}
    for s in out:
        s["rright"] = None if s["gold"] is None else novel.resolve(s["runner"]) is by_name[s["gold"]]
    return [s for s in out if s["right"] is not None]


def fit_lbfgs(rows: list, d: int, reg: list[float], iters: int = 300, tol: float = 1e-7) -> list[float]:
    """Weights minimising the L2-penalised log loss of grouped binary rows ``(cols, positives,
    total)``, by L-BFGS (memory 10) with a backtracking line search."""
    def fg(w):
        f = 0.5 * sum(r * x * x for r, x in zip(reg, w))
        g = [r * x for r, x in zip(reg, w)]
        for cols, pos, n in rows:
            z = max(-30.0, min(30.0, sum(w[c] for c in cols)))
            f += n * (max(z, 0.0) + math.log1p(math.exp(-abs(z)))) - pos * z
            gi = n / (1.0 + math.exp(-z)) - pos
            for c in cols:
                g[c] += gi
        return f, g

    def dot(a, b):
        return sum(x * y for x, y in zip(a, b))

    w = [0.0] * d
    f, g = fg(w)
    mem: list = []
    for _ in range(iters):
        q, alphas = g[:], []
        for s, y in reversed(mem):
            rho = 1.0 / dot(y, s)
            a = rho * dot(s, q)
            q = [qi - a * yi for qi, yi in zip(q, y)]
            alphas.append((a, rho, s, y))
        gamma = dot(mem[-1][0], mem[-1][1]) / dot(mem[-1][1], mem[-1][1]) if mem \
            else 1.0 / max(1e-9, math.sqrt(dot(g, g)))
        r = [gamma * x for x in q]
        for a, rho, s, y in reversed(alphas):
            b = rho * dot(y, r)
            r = [ri + si * (a - b) for ri, si in zip(r, s)]
        direction = [-x for x in r]
        slope = dot(g, direction)
        if slope >= 0:
            direction, slope, mem = [-x for x in g], -dot(g, g), []
        step = 1.0
        while True:
            wn = [a + step * b for a, b in zip(w, direction)]
            fn, gn = fg(wn)
            if fn <= f + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s = [a - b for a, b in zip(wn, w)]
        y = [a - b for a, b in zip(gn, g)]
        if dot(s, y) > 1e-12:
            mem = (mem + [(s, y)])[-10:]
        done = abs(f - fn) < tol * max(1.0, abs(f))
        w, f, g = wn, fn, gn
        if done:
            break
    return w


def fit(records: dict, skip: str | None = None, penalty: float = PENALTY) -> dict:
    """The weights (feature -> log-odds points) of the chance that the runner-up is right,
    over every novel but ``skip``."""
    groups = defaultdict(lambda: [0, 0])
    for (name, _setting), segs in records.items():
        if name == skip:
            continue
        for s in segs:
            c = groups[tuple(rerank.features(s["ev"]))]
            c[0] += bool(s["rright"])
            c[1] += 1
    names = sorted({f for key in groups for f in key})
    idx = {f: i for i, f in enumerate(names)}
    rows = [([idx[f] for f in key], pos, n) for key, (pos, n) in groups.items()]
    w = fit_lbfgs(rows, len(names), [0.0 if f == "bias" else penalty for f in names])
    return {f: w[i] for i, f in enumerate(names)}


def changes(records: dict, models: dict, threshold: float) -> dict:
    """(setting, novel) -> Counter of what flipping at ``threshold`` changes: guess (rules'
    choice right), good, bad, spoken (spoken right), wrong (spoken wrong)."""
    out = defaultdict(Counter)
    for (name, setting), segs in records.items():
        for s in segs:
            p = rerank.probability(s["ev"], models[name])
            if p < threshold:
                continue
            rr, gg, spoken = bool(s["rright"]), bool(s["right"]), s["conf"] >= 0.5
            c = out[(setting, name)]
            c["flips"] += 1
            c["guess"] += rr - gg
            c["good"] += rr and not gg
            c["bad"] += gg and not rr
            c["spoken"] += spoken and (rr - gg)
            c["wrong"] += spoken and (gg - rr)
    return out


def write_model(weights: dict, names: list[str], penalty: float) -> None:
    items = sorted((k, v) for k, v in weights.items() if abs(v) >= 5e-5)
    cells = ",\n".join(f"    {json.dumps(k)}: {round(v, 4)}" for k, v in items)
    (ROOT / "src" / "talecast" / "data" / "rerank.json").write_text(
        "{\n"
        '  "what": "log-odds weights of the features of a quote\'s rules\' choice and runner-up (attribute.rerank.features): '
        'the chance the runner-up is right, fitted on the PDNC dev novels by benchmarks/fit_rerank.py --write",\n'
        f'  "novels": {json.dumps(names)},\n  "penalty": {penalty},\n  "weights": {{\n{cells}\n  }}\n}}\n')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared")
    ap.add_argument("--records", default="/tmp/talecast-rerank.json")
    ap.add_argument("--fresh", action="store_true", help="attribute the novels again")
    ap.add_argument("--loo", action="store_true", help="leave-one-novel-out table")
    ap.add_argument("--penalty", type=float, default=PENALTY)
    ap.add_argument("--write", action="store_true", help="write src/talecast/data/rerank.json")
    args = ap.parse_args(argv)
    shared = find_shared(args.shared)
    pdnc = load_scorer(shared)
    novels = {d.name: pdnc.load_novel(d) for d in pdnc.novel_dirs(shared / "corpus" / "pdnc-dev")}
    records = load_records(pdnc, novels, Path(args.records), args.fresh, attribute_novel)
    n = sum(len(v) for v in records.values())
    print(f"{n} quotes the model may second-guess; the runner-up right in "
          f"{sum(bool(s['rright']) for v in records.values() for s in v)}, the rules' choice in "
          f"{sum(bool(s['right']) for v in records.values() for s in v)}")
    if args.loo:
        models = {name: fit(records, name, args.penalty) for name in novels}
        short = " ".join(f"{name[:6]:>6}" for name in novels)
        for t in THRESHOLDS:
            ch = changes(records, models, t)
            print(f"threshold {t} (left-out novels)")
            for setting in ("cast", "nocast"):
                tot = Counter()
                for name in novels:
                    tot.update(ch[(setting, name)])
                print(f"  {setting:6} flips {tot['flips']:3d}: guess {tot['guess']:+d} (+{tot['good']} -{tot['bad']}), "
                      f"spoken right {tot['spoken']:+d}, spoken wrong {tot['wrong']:+d}")
                print(f"         {short}")
                print("   guess " + " ".join(f"{ch[(setting, name)]['guess']:+6d}" for name in novels))
                print("   wrong " + " ".join(f"{ch[(setting, name)]['wrong']:+6d}" for name in novels))
    weights = fit(records, None, args.penalty)
    if args.write:
        write_model(weights, sorted(novels), args.penalty)
        print(f"wrote src/talecast/data/rerank.json ({sum(abs(v) >= 5e-5 for v in weights.values())} weights)")


if __name__ == "__main__":
    main()
