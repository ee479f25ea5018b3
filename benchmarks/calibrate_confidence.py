"""Calibrate attribution confidence on the PDNC development novels (they stay in ../shared).

usage: python benchmarks/calibrate_confidence.py [--shared DIR] [--records FILE] [--fresh]
                                                 [--novel NAME ...] [--loo] [--write]
                                                 [--penalty X] [--weights]

1. Attributes every dev novel in both settings (cast: PDNC's character list, as the scorer
   writes it; nocast: discovery) with no threshold, and keeps, for every dialogue segment,
   its evidence (rule, tag kind, margin, voices, the speaker's lines...) and whether the
   speaker it chose is PDNC's (``--records``, default /tmp/talecast-calibration.json;
   reused unless ``--fresh``).
2. Prints each rule's precision, per setting (the table in docs/attribution.md).
3. Fits the logistic model ``attribute.confidence`` reads (a weight per feature of the
   evidence, ``confidence.features``) on all of them; ``--write`` ships it as
   ``src/talecast/data/confidence.json``.
4. Prints the trade-off curve: for thresholds from 0 to 0.9, the scorer's accuracy,
   one_to_one and wrong_voice in both settings when quotes below the threshold keep no
   speaker (with ``--loo``: confidences from models fitted without the novel scored, the
   honest measure of how it does on a novel it has not seen).

After a change to the rules, refit with ``--fresh --write`` (``--loo`` for the curve).
Scores are computed with the scorer's own code (``shared/tools/pdnc_score.py``).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from talecast import model, pipeline, voices  # noqa: E402
from talecast.attribute import confidence as _unused  # noqa: E402,F401

conf_mod = sys.modules["talecast.attribute.confidence"]  # the module (the package exports a function of that name)

THRESHOLDS = [0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.525, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9]


def find_shared(given: str | None) -> Path:
    for p in ([Path(given)] if given else []) + [ROOT.parent / "shared", ROOT.parent.parent / "shared"]:
        if (p / "tools" / "pdnc_score.py").is_file():
            return p
    sys.exit("cannot find shared/tools/pdnc_score.py: pass --shared DIR")


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("pdnc_score", shared / "tools" / "pdnc_score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cast_characters(pdnc, novel, setting: str):
    """The characters ``pipeline.script`` is given: PDNC's list as the scorer writes it
    (``cast``), or None (``nocast``: discovery)."""
    if setting != "cast":
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False, encoding="utf-8") as f:
        f.write(pdnc.cast_toml(novel))
    chars = pipeline.characters_from_config(voices.load(f.name))
    Path(f.name).unlink()
    return chars


def attribute_novel(pdnc, novel, setting: str) -> list[dict]:
    """Every dialogue segment of the novel with its evidence (no threshold)."""
    ev: dict[int, dict] = {}
    sc, _ = pipeline.script(novel.folder / pdnc.TEXT, cast_characters(pdnc, novel, setting),
                            threshold=0.0, evidence=ev)
    out = []
    for s in sc.segments:
        if s.kind != model.DIALOGUE:
            continue
        e = ev.get(s.start, {})
        out.append({"start": s.start, "end": s.end, "text": s.text, "speaker": s.guess,
                    "ev": {k: e.get(k) for k in ("who", "rule", "tag", "anchor", "turns", "voices", "lines",
                                                 "given", "agree", "cands", "quotes", "rank", "margin", "chapter", "calls",
                                                 "named", "chlines", "near", "stage", "described", "source")},
                    "gold": None, "right": None})
    label(pdnc, novel, out)
    return out


def label(pdnc, novel, segs: list[dict]) -> None:
    """Each segment's PDNC speaker (of the quote it overlaps most) and whether it was chosen."""
    spans = sorted((a, b, q) for q in novel.quotes for a, b in q.spans)
    import bisect
    starts = [a for a, _b, _q in spans]
    for s in segs:
        best, most = None, 0
        i = bisect.bisect_right(starts, s["end"])
        for a, b, q in spans[max(0, i - 20):i]:
            ov = min(b, s["end"]) - max(a, s["start"])
            if ov > most:
                best, most = q, ov
        if best is None or not best.scorable:
            continue
        s["gold"] = best.speaker.name
        who = novel.resolve(s["speaker"]) if s["speaker"] else None
        s["right"] = who is best.speaker if s["speaker"] else None


def load_records(pdnc, novels: dict, path: Path, fresh: bool, attribute) -> dict:
    """(novel, setting) -> ``attribute(pdnc, novel, setting)`` for every novel in both settings,
    kept in ``path`` and read back from it unless ``fresh`` (a novel it lacks is attributed)."""
    records = {}
    if path.is_file() and not fresh:
        records = {tuple(k.split("|")): v for k, v in json.loads(path.read_text()).items()}
    if any((n, s) not in records for n in novels for s in ("cast", "nocast")):
        t0 = time.perf_counter()
        for name, nv in novels.items():
            for setting in ("cast", "nocast"):
                records[(name, setting)] = attribute(pdnc, nv, setting)
        print(f"attributed {len(novels)} novels in both settings in {time.perf_counter() - t0:.0f} s",
              file=sys.stderr)
        path.write_text(json.dumps({"|".join(k): v for k, v in records.items()}))
    return records


PENALTY = 3.0  # the L2 penalty on every weight but the bias (chosen by leave one novel out)


def patterns(records: dict, skip: str | None = None) -> dict:
    """(right, attributed) dialogue segments by their features (``confidence.features``),
    over every novel but ``skip``."""
    pats = defaultdict(lambda: [0, 0])
    for (name, _setting), segs in records.items():
        if name == skip:
            continue
        for s in segs:
            if s["right"] is None or s["ev"]["who"] is None:
                continue
            c = pats[tuple(conf_mod.features(s["ev"]))]
            c[0] += s["right"]
            c[1] += 1
    return pats


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a x = b, a symmetric positive definite (Gaussian elimination, no pivoting needed)."""
    n = len(b)
    a = [row[:] + [b[i]] for i, row in enumerate(a)]
    for i in range(n):
        piv = a[i]
        inv = 1.0 / piv[i]
        for j in range(i + 1, n):
            row = a[j]
            f = row[i] * inv
            if f:
                a[j] = row[:i] + [x - f * y for x, y in zip(row[i:], piv[i:])]
    x = [0.0] * n
    for i in range(n - 1, -1, -1):
        row = a[i]
        x[i] = (row[n] - sum(row[j] * x[j] for j in range(i + 1, n))) / row[i]
    return x


def fit(records: dict, skip: str | None = None, start: dict | None = None,
        penalty: float = PENALTY) -> dict:
    """The weights (feature -> log-odds points) of the logistic model of whether a quote's
    speaker is right, fitted by Newton's method with an L2 penalty, over every novel but
    ``skip`` (pure Python: identical feature sets are fitted as one, weighted)."""
    pats = patterns(records, skip)
    names = sorted({f for key in pats for f in key})
    idx = {f: i for i, f in enumerate(names)}
    rows = [([idx[f] for f in key], r, n) for key, (r, n) in pats.items()]
    d = len(names)
    w = [(start or {}).get(f, 0.0) for f in names]
    reg = [0.0 if f == "bias" else penalty for f in names]
    for _ in range(50):
        g = [r_ * w_ for r_, w_ in zip(reg, w)]
        h = [[0.0] * d for _ in range(d)]
        for i in range(d):
            h[i][i] = reg[i] + 1e-9
        for cols, right, n in rows:
            z = sum(w[c] for c in cols)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            gi, hi = n * p - right, n * p * (1.0 - p)
            for c in cols:
                g[c] += gi
                hc = h[c]
                for c2 in cols:
                    hc[c2] += hi
        step = _solve(h, g)
        w = [a - b for a, b in zip(w, step)]
        if max(map(abs, step)) < 1e-7:
            break
    return {f: w[i] for i, f in enumerate(names)}


def precision_rows(records: dict) -> dict:
    """(right, attributed) by (setting,), (setting, rule) and (setting, rule, evidence): the
    docs' table of each rule's precision."""
    counts = defaultdict(lambda: [0, 0])
    for (_name, setting), segs in records.items():
        for s in segs:
            ev = s["ev"]
            if s["right"] is None or ev["who"] is None:
                continue
            if ev["rule"] == "tag":
                detail = "named" if ev.get("tag") == "named" else "pronoun-" + str(min(ev.get("cands") or 1, 3))
            else:
                detail = str(min(ev.get("voices") or 1, 3)) + ("+calls" if ev.get("calls") else "")
            for key in ((setting,), (setting, ev["rule"]), (setting, ev["rule"], detail)):
                counts[key][0] += s["right"]
                counts[key][1] += 1
    return {k: tuple(v) for k, v in counts.items()}


def write_model(weights: dict, names: list[str], penalty: float) -> None:
    """The weights as the package's data file (``attribute.confidence`` reads it), one a line."""
    items = sorted(weights.items())
    cells = ",\n".join(f"    {json.dumps(k)}: {round(v, 4)}" for k, v in items)
    (ROOT / "src" / "talecast" / "data" / "confidence.json").write_text(
        "{\n"
        '  "what": "log-odds weights of the features of a quote\'s evidence (attribute.confidence.features), '
        'fitted on the PDNC dev novels\' dialogue segments by benchmarks/calibrate_confidence.py --write",\n'
        f'  "novels": {json.dumps(names)},\n  "penalty": {penalty},\n  "weights": {{\n{cells}\n  }}\n}}\n')


def log_loss(records: dict, models: dict) -> float:
    """Mean log loss of the confidences (``models``: novel -> weights) over labelled segments."""
    total, n = 0.0, 0
    for (name, _setting), segs in records.items():
        for s, c in zip(segs, conf_mod.sequence([x["ev"] for x in segs], models[name])):
            if s["right"] is None or s["ev"]["who"] is None:
                continue
            c = min(max(c, 1e-6), 1 - 1e-6)
            total -= math.log(c if s["right"] else 1 - c)
            n += 1
    return total / max(n, 1)


def curve(pdnc, novels: dict, records: dict, models: dict | None, thresholds) -> list[dict]:
    rows = []
    for t in thresholds:
        row = {"threshold": t}
        for setting in ("cast", "nocast"):
            tot = defaultdict(int)
            for name, nv in novels.items():
                recs = records[(name, setting)]
                confs = conf_mod.sequence([s["ev"] for s in recs], models[name] if models else None)
                segs = [{"kind": "dialogue", "start": s["start"], "end": s["end"], "text": s["text"],
                         "speaker": s["speaker"] if s["ev"]["who"] is not None and c >= t else None}
                        for s, c in zip(recs, confs)]
                r = pdnc.score_novel(nv, segs)
                for k in ("scorable", "right", "wrong_voice", "one_to_one"):
                    tot[k] += r[k]
                tot["nulled"] += sum(1 for s in segs if s["speaker"] is None)
            row[setting] = {k: tot[k] / tot["scorable"] for k in ("right", "one_to_one", "wrong_voice")}
            row[setting]["nulled"] = tot["nulled"]
        rows.append(row)
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared")
    ap.add_argument("--records", default="/tmp/talecast-calibration.json")
    ap.add_argument("--fresh", action="store_true", help="attribute the novels again")
    ap.add_argument("--novel", action="append", default=[])
    ap.add_argument("--loo", action="store_true", help="curve with leave-one-novel-out models")
    ap.add_argument("--weights", action="store_true", help="print the fitted weights")
    ap.add_argument("--penalty", type=float, default=PENALTY, help="the L2 penalty on the weights")
    ap.add_argument("--write", action="store_true",
                    help="write the weights into src/talecast/data/confidence.json")
    args = ap.parse_args(argv)
    shared = find_shared(args.shared)
    pdnc = load_scorer(shared)
    dirs = pdnc.novel_dirs(shared / "corpus" / "pdnc-dev")
    if args.novel:
        dirs = [d for d in dirs if d.name in args.novel]
    novels = {d.name: pdnc.load_novel(d) for d in dirs}
    records = load_records(pdnc, novels, Path(args.records), args.fresh, attribute_novel)
    records = {k: v for k, v in records.items() if k[0] in novels}

    counts = precision_rows(records)
    print("| rule | evidence | cast quotes | cast precision | nocast quotes | nocast precision |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    rows = sorted({k[1:3] for k in counts if len(k) in (2, 3)}, key=lambda k: (-counts.get(("cast", k[0]), (0, 0))[1], k))
    for k in rows:
        c, n = counts.get(("cast",) + k, (0, 0)), counts.get(("nocast",) + k, (0, 0))
        if max(c[1], n[1]) < 30 and len(k) > 1:
            continue
        print(f"| {k[0]} | {k[1] if len(k) > 1 else 'all'} | {c[1]} | {c[0] / c[1] if c[1] else 0:.3f} | {n[1]} | "
              f"{n[0] / n[1] if n[1] else 0:.3f} |")
    t0 = time.perf_counter()
    weights = fit(records, penalty=args.penalty)
    print(f"\nfitted {len(weights)} weights in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if args.weights:
        print("\nweights (log-odds points):")
        for f, v in sorted(weights.items()):
            print(f"  {f:40} {v:+.3f}")
    if args.write:
        write_model(weights, sorted(novels), args.penalty)
        conf_mod._MODEL = weights

    models = {name: fit(records, skip=name, start=weights, penalty=args.penalty) for name in novels} \
        if args.loo else {name: weights for name in novels}
    print(f"\nlog loss of the confidences{' (leave one novel out)' if args.loo else ''}: "
          f"{log_loss(records, models):.4f}")
    print("\nthreshold curve" + (" (leave one novel out)" if args.loo else " (shipped table)") + ":")
    print(f"{'thr':>5} | {'cast acc':>8} {'1to1':>6} {'wrong':>6} {'nulled':>6} | "
          f"{'nocast acc':>10} {'1to1':>6} {'wrong':>6} {'nulled':>6}")
    for row in curve(pdnc, novels, records, models if args.loo else None, THRESHOLDS):
        c, n = row["cast"], row["nocast"]
        print(f"{row['threshold']:5.2f} | {c['right']:8.3f} {c['one_to_one']:6.3f} {c['wrong_voice']:6.3f} "
              f"{c['nulled']:6d} | {n['right']:10.3f} {n['one_to_one']:6.3f} {n['wrong_voice']:6.3f} "
              f"{n['nulled']:6d}")


if __name__ == "__main__":
    main()
