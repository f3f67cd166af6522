"""Greedy forward selection over candidate features (research).

    /usr/bin/python3 model/research/fwd.py BASE_AP F1 F2 ...

Candidates are tried in the given order (decreasing single gain); a candidate (or a
'+'-joined group) is kept when it raises the mean validation AP (known_from = validation
start - 14 d, the adopted metric) of the current set. BASE_AP is the current set's score
(the 16-feature baseline's). One fit per candidate per fold; results in results.jsonl.
"""
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import metrics  # noqa: E402
from run import BASE, OUT, load, run_set  # noqa: E402

df = load()
day = metrics.calendar_day(df)
current, best = list(BASE), float(sys.argv[1])
for cand in sys.argv[2:]:
    feats = cand.split("+")
    trial = current + feats
    t0 = time.time()
    r = run_set(df, day, trial)
    ap = r["hb"]["average_precision"]
    kept = ap > best
    rec = {"name": f"fwd+{cand}", "features": trial, "kept": kept, "seconds": round(time.time() - t0, 1), **r}
    with open(OUT, "a") as fh:
        fh.write(json.dumps(rec) + "\n")
    print(f"+{cand:30s} hb AP {ap:.4f} AUC {r['hb']['auc']:.4f} | all AP {r['all']['average_precision']:.4f} "
          f"AUC {r['all']['auc']:.4f} | {'KEPT' if kept else 'dropped'} (was {best:.4f}) "
          f"folds {[f['hb']['average_precision'] for f in r['folds']]}", flush=True)
    if kept:
        current, best = trial, ap
print("SELECTED", current[len(BASE):], best)
