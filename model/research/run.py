"""Prequential evaluation of feature sets (research; selection on validation folds only).

    /usr/bin/python3 model/research/run.py NAME=F1,F2 ...   (features added to the 16 shipped)
    /usr/bin/python3 model/research/run.py --base-only

Same folds and hyper-parameters as the shipped model (prequential.py / train.py CHOSEN):
98-day windows ending 06-12, 06-19, 06-26, 07-03, validation train_end+8..+14,
XGBoost 200 trees, depth 6, lr 0.1, hist, base_score 0.5, seed 42, nthread 1.
Metrics per fold with known_from = validation start - 14 days ("hb") and with whole
history ("all"). Appends one JSON line per set to results.jsonl.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import metrics  # noqa: E402
from train import CHOSEN  # noqa: E402

BASE = list(CHOSEN["features"])
FOLD_ENDS = [dt.date(2018, 6, 12), dt.date(2018, 6, 19), dt.date(2018, 6, 26), dt.date(2018, 7, 3)]
OUT = os.path.join(HERE, "results.jsonl")


def load():
    df = pd.read_pickle("/tmp/a/feat.pkl")
    cand = pd.read_pickle("/tmp/a/cand.pkl")
    for c in cand.columns:
        df[c] = cand[c].to_numpy()
    extra = "/tmp/a/cand2.pkl"
    if os.path.exists(extra):
        c2 = pd.read_pickle(extra)
        for c in c2.columns:
            df[c] = c2[c].to_numpy()
    return df


def params(depth=6, lr=0.1):
    return {"objective": "binary:logistic", "tree_method": "hist", "max_depth": depth, "eta": lr,
            "nthread": 1, "seed": 42, "base_score": 0.5}


def mask(day, first, last):
    return (day >= metrics._as_day(first)) & (day <= metrics._as_day(last))


def run_set(df, day, features, trees=200, window=98, depth=6, lr=0.1, log=print):
    y = df["TX_FRAUD"].to_numpy()
    first_date = dt.date(2018, 4, 1)
    folds = []
    for end in FOLD_ENDS:
        start = max(end - dt.timedelta(days=window - 1), first_date)
        tr = mask(day, start, end)
        v0 = end + dt.timedelta(days=8)
        v1 = v0 + dt.timedelta(days=6)
        va = mask(day, v0, v1)
        d = xgb.DMatrix(df.loc[tr, features].to_numpy(np.float32), label=y[tr])
        t0 = time.perf_counter()
        b = xgb.train(params(depth, lr), d, num_boost_round=trees)
        fit = time.perf_counter() - t0
        scores = np.full(len(df), np.nan)
        scores[va] = b.predict(xgb.DMatrix(df.loc[va, features].to_numpy(np.float32)))
        rec = {"validation": f"{v0}..{v1}", "fit_s": round(fit, 1)}
        for tag, kf in (("hb", v0 - dt.timedelta(days=14)), ("all", metrics.WHOLE_HISTORY)):
            m = metrics.evaluate(df, scores, v0, v1, known_from=kf)
            rec[tag] = {k: round(m[k], 6) for k in ("auc", "average_precision", "cp_at_100", "frauds_scored")}
        folds.append(rec)
    summ = {tag: {k: round(float(np.mean([f[tag][k] for f in folds])), 6)
                  for k in ("auc", "average_precision", "cp_at_100")} for tag in ("hb", "all")}
    return {"folds": folds, **summ}


def main(argv):
    df = load()
    day = metrics.calendar_day(df)
    sets = []
    for a in argv:
        if a == "--base-only":
            sets.append(("base16", BASE))
            continue
        name, feats = a.split("=", 1)
        fl = [f for f in feats.split(",") if f]
        if fl and fl[0] == "-":  # NAME=-,F: replace base with F only (no base)
            sets.append((name, fl[1:]))
        else:
            sets.append((name, BASE + fl))
    for name, feats in sets:
        t0 = time.time()
        r = run_set(df, day, feats)
        r = {"name": name, "features": feats, "seconds": round(time.time() - t0, 1), **r}
        with open(OUT, "a") as fh:
            fh.write(json.dumps(r) + "\n")
        hb, al = r["hb"], r["all"]
        print(f"{name:28s} hb AUC {hb['auc']:.4f} AP {hb['average_precision']:.4f} CP {hb['cp_at_100']:.4f} | "
              f"all AUC {al['auc']:.4f} AP {al['average_precision']:.4f} CP {al['cp_at_100']:.4f} | "
              f"APhb folds {[f['hb']['average_precision'] for f in r['folds']]} ({r['seconds']}s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
