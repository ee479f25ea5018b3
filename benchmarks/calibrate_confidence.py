"""Calibrate attribution confidence on the PDNC development novels (they stay in ../shared).

usage: python benchmarks/calibrate_confidence.py [--shared DIR] [--records FILE] [--fresh]
                                                 [--novel NAME ...] [--loo]

1. Attributes every dev novel in both settings (cast: PDNC's character list, as the scorer
   writes it; nocast: discovery) with no threshold, and keeps, for every dialogue segment,
   its evidence (rule, tag kind, distance to a named tag, voices, the speaker's lines) and
   whether the speaker it chose is PDNC's (``--records``, default /tmp/talecast-calibration.json;
   reused unless ``--fresh``).
2. Prints each rule's precision (and by the evidence ``attribute.confidence`` reads), per
   setting, as the table ``confidence.py`` ships.
3. Prints the trade-off curve: for thresholds from 0 to 0.9, the scorer's accuracy,
   one_to_one and wrong_voice in both settings when quotes below the threshold keep no
   speaker (with ``--loo``: confidences from tables fitted without the novel scored).

Scores are computed with the scorer's own code (``shared/tools/pdnc_score.py``).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
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

THRESHOLDS = [0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9]


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


def attribute_novel(pdnc, novel, setting: str) -> list[dict]:
    """Every dialogue segment of the novel with its evidence (no threshold)."""
    chars = None
    if setting == "cast":
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False, encoding="utf-8") as f:
            f.write(pdnc.cast_toml(novel))
        chars = pipeline.characters_from_config(voices.load(f.name))
        Path(f.name).unlink()
    ev: dict[int, dict] = {}
    sc, _ = pipeline.script(novel.folder / pdnc.TEXT, chars, threshold=0.0, evidence=ev)
    out = []
    for s in sc.segments:
        if s.kind != model.DIALOGUE:
            continue
        e = ev.get(s.start, {})
        out.append({"start": s.start, "end": s.end, "text": s.text, "speaker": s.guess,
                    "ev": {k: e.get(k) for k in ("who", "rule", "tag", "anchor", "turns", "voices", "lines",
                                                 "given", "agree", "cands", "quotes", "rank", "margin", "chapter", "calls")},
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


def bucket(ev: dict) -> tuple:
    return conf_mod.cell(ev)


def fit(records: dict, skip: str | None = None) -> dict:
    """Precision per cell (conf_mod.cell) and per rule, per setting: counts of right/attributed."""
    counts = defaultdict(lambda: [0, 0])
    for (name, setting), segs in records.items():
        if name == skip:
            continue
        for s in segs:
            if s["right"] is None:
                continue
            for key in conf_mod.keys(s["ev"]):
                c = counts[key]
                c[0] += s["right"]
                c[1] += 1
    return {k: tuple(v) for k, v in counts.items()}


def write_table(counts: dict, names: list[str]) -> None:
    """The counts as the package's data file (``attribute.confidence`` reads it), one cell a line."""
    items = sorted(counts.items(), key=lambda kv: tuple(map(str, kv[0])))
    cells = ",\n".join(f"    {json.dumps('|'.join(map(str, k)))}: {json.dumps(list(v))}" for k, v in items)
    (ROOT / "src" / "talecast" / "data" / "confidence.json").write_text(
        "{\n"
        '  "what": "(right, attributed) dialogue segments of the PDNC dev novels, by evidence cell; '
        'written by benchmarks/calibrate_confidence.py --write",\n'
        f'  "novels": {json.dumps(names)},\n  "counts": {{\n{cells}\n  }}\n}}\n')


def curve(pdnc, novels: dict, records: dict, tables: dict | None, thresholds) -> list[dict]:
    rows = []
    for t in thresholds:
        row = {"threshold": t}
        for setting in ("cast", "nocast"):
            tot = defaultdict(int)
            for name, nv in novels.items():
                table = conf_mod.table_from_counts(tables[name]) if tables else None
                recs = records[(name, setting)]
                confs = conf_mod.sequence([s["ev"] for s in recs], table)
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
    ap.add_argument("--loo", action="store_true", help="curve with leave-one-novel-out tables")
    ap.add_argument("--cells", action="store_true", help="print the precision of every cell")
    ap.add_argument("--write", action="store_true",
                    help="write the counts into src/talecast/data/confidence.json")
    args = ap.parse_args(argv)
    shared = find_shared(args.shared)
    pdnc = load_scorer(shared)
    dirs = pdnc.novel_dirs(shared / "corpus" / "pdnc-dev")
    if args.novel:
        dirs = [d for d in dirs if d.name in args.novel]
    novels = {d.name: pdnc.load_novel(d) for d in dirs}
    path = Path(args.records)
    records = {}
    if path.is_file() and not args.fresh:
        records = {tuple(k.split("|")): v for k, v in json.loads(path.read_text()).items()}
    if any((n, s) not in records for n in novels for s in ("cast", "nocast")):
        t0 = time.perf_counter()
        for name, nv in novels.items():
            for setting in ("cast", "nocast"):
                records[(name, setting)] = attribute_novel(pdnc, nv, setting)
        print(f"attributed {len(novels)} novels in both settings in {time.perf_counter() - t0:.0f} s",
              file=sys.stderr)
        path.write_text(json.dumps({"|".join(k): v for k, v in records.items()}))
    records = {k: v for k, v in records.items() if k[0] in novels}

    counts = fit(records)
    if args.cells:
        print("precision by cell (right / attributed):")
        for key in sorted(counts, key=lambda k: tuple(map(str, k))):
            r, n = counts[key]
            print(f"  {' '.join(map(str, key)):40} {r:6d} / {n:6d}  {r / n:.3f}")
    print("| rule | evidence | cast quotes | cast precision | nocast quotes | nocast precision |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    rows = sorted({k[1:3] for k in counts if len(k) in (2, 3)}, key=lambda k: (-counts.get(("cast", k[0]), (0, 0))[1], k))
    for k in rows:
        c, n = counts.get(("cast",) + k, (0, 0)), counts.get(("nocast",) + k, (0, 0))
        if max(c[1], n[1]) < 30 and len(k) > 1:
            continue
        print(f"| {k[0]} | {k[1] if len(k) > 1 else 'all'} | {c[1]} | {c[0] / c[1] if c[1] else 0:.3f} | {n[1]} | "
              f"{n[0] / n[1] if n[1] else 0:.3f} |")
    if args.write:
        write_table(counts, sorted(novels))
        conf_mod._TABLE = conf_mod.table_from_counts(counts)

    tables = {name: fit(records, skip=name) for name in novels} if args.loo else None
    print("\nthreshold curve" + (" (leave one novel out)" if args.loo else " (shipped table)") + ":")
    print(f"{'thr':>5} | {'cast acc':>8} {'1to1':>6} {'wrong':>6} {'nulled':>6} | "
          f"{'nocast acc':>10} {'1to1':>6} {'wrong':>6} {'nulled':>6}")
    for row in curve(pdnc, novels, records, tables, THRESHOLDS):
        c, n = row["cast"], row["nocast"]
        print(f"{row['threshold']:5.2f} | {c['right']:8.3f} {c['one_to_one']:6.3f} {c['wrong_voice']:6.3f} "
              f"{c['nulled']:6d} | {n['right']:10.3f} {n['one_to_one']:6.3f} {n['wrong_voice']:6.3f} "
              f"{n['nulled']:6d}")


if __name__ == "__main__":
    main()
