"""Prequential (forward-chaining) validation: the hyper-parameter and feature search.

    /usr/bin/python3 model/train.py --select        (runs search(), prints and writes the result)

Folds (never touching the test window 2018-07-18..07-31): training windows of `window_days`
whole days ending on FOLD_TRAIN_ENDS; each is validated on the 7 days starting
train_end + 8 (the 7-day label-delay gap, as the final model faces its test window), so the
last fold validates 2018-07-11..07-17. Validation metrics are metrics.evaluate (cards
known compromised removed, counted from the whole history: the definition of this search,
kept so that it reproduces selection.json). Choices are made by the mean validation average
precision over the folds. The 8 history features shipped on top of its choice were selected
on the same folds in model/research/ (FINDINGS.md), with metrics.py's default definition.

Stages:
1. grid over SEARCH_GRID with the handbook's 15 features;
2. feature selection with stage 1's best parameters: the validation AP of the 15 plus each
   own feature alone, then greedy forward selection (candidates in decreasing order of
   their single gain; a feature is kept when it raises the mean AP of the current set);
3. the grid again with the selected features; its best is the shipped configuration.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time

import numpy as np
import pandas as pd
import xgboost as xgb

import metrics
from features import FEATURES, OWN_FEATURES, TERMINAL_FEATURES

HANDBOOK_FEATURES = [f for f in FEATURES if f != "SECONDS_SINCE_PREVIOUS_TX"] + TERMINAL_FEATURES
CANDIDATE_FEATURES = ["SECONDS_SINCE_PREVIOUS_TX", *OWN_FEATURES]
FOLD_TRAIN_ENDS = [dt.date(2018, 6, 12), dt.date(2018, 6, 19), dt.date(2018, 6, 26), dt.date(2018, 7, 3)]
GAP_DAYS = 8          # validation starts train_end + 8 (7-day label delay)
VALID_DAYS = 7
SEARCH_GRID = {
    "trees": [200, 400],           # 200 is read off the 400-tree fit (iteration_range)
    "depth": [4, 6],
    "learning_rate": [0.05, 0.1],
    "window_days": [28, 56, 98],
}
STAGE2_DEFAULT = {"trees": 400, "depth": 6, "learning_rate": 0.05, "window_days": 56}


def xgb_params(depth: int, learning_rate: float, threads: int, seed: int) -> dict:
    return {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "max_depth": depth,
        "eta": learning_rate,
        "nthread": threads,
        "seed": seed,
        # Explicit, because the ONNX base value is derived from it and xgboost 2.x
        # would otherwise estimate it from the data.
        "base_score": 0.5,
    }


def window_mask(day: np.ndarray, first: dt.date, last: dt.date) -> np.ndarray:
    return (day >= metrics._as_day(first)) & (day <= metrics._as_day(last))


class Folds:
    def __init__(self, df: pd.DataFrame, threads: int = 2, seed: int = 42, log=print):
        self.df, self.threads, self.seed, self.log = df, threads, seed, log
        self.day = metrics.calendar_day(df)
        self.first_date = pd.Timestamp(df["TX_DATETIME"].min()).date()
        self.y = df["TX_FRAUD"].to_numpy()
        self.fits = 0
        self.fit_seconds = 0.0

    def train_window(self, train_end: dt.date, window_days: int) -> tuple[dt.date, dt.date]:
        start = max(train_end - dt.timedelta(days=window_days - 1), self.first_date)
        return start, train_end

    def validation_window(self, train_end: dt.date) -> tuple[dt.date, dt.date]:
        first = train_end + dt.timedelta(days=GAP_DAYS)
        return first, first + dt.timedelta(days=VALID_DAYS - 1)

    def run(self, features: list[str], depth: int, learning_rate: float, window_days: int,
            trees_list: list[int]) -> dict[int, list[dict]]:
        """Per tree count, the per-fold validation metrics (one fit of max(trees_list) per fold)."""
        out = {t: [] for t in trees_list}
        for train_end in FOLD_TRAIN_ENDS:
            tr = window_mask(self.day, *self.train_window(train_end, window_days))
            v_first, v_last = self.validation_window(train_end)
            va = window_mask(self.day, v_first, v_last)
            d_train = xgb.DMatrix(self.df.loc[tr, features].to_numpy(np.float32), label=self.y[tr])
            started = time.perf_counter()
            booster = xgb.train(xgb_params(depth, learning_rate, self.threads, self.seed), d_train,
                                num_boost_round=max(trees_list))
            self.fit_seconds += time.perf_counter() - started
            self.fits += 1
            d_valid = xgb.DMatrix(self.df.loc[va, features].to_numpy(np.float32))
            for t in trees_list:
                scores = np.full(len(self.df), np.nan)
                scores[va] = booster.predict(d_valid, iteration_range=(0, t))
                # The whole-history definition this search was run (and selection.json
                # recorded) with, before issue 3 adopted the handbook's as the default.
                out[t].append(metrics.evaluate(self.df, scores, v_first, v_last, known_from=metrics.WHOLE_HISTORY))
        return out


def summarise(fold_metrics: list[dict]) -> dict:
    keys = ("auc", "average_precision", "cp_at_100")
    return {
        **{k: round(float(np.mean([m[k] for m in fold_metrics])), 6) for k in keys},
        "folds": [{"validation": f"{m['from']}..{m['to']}",
                   **{k: round(m[k], 6) for k in keys}} for m in fold_metrics],
    }


def grid(folds: Folds, features: list[str], log) -> list[dict]:
    rows = []
    for window_days, depth, lr in itertools.product(SEARCH_GRID["window_days"], SEARCH_GRID["depth"],
                                                    SEARCH_GRID["learning_rate"]):
        res = folds.run(features, depth, lr, window_days, SEARCH_GRID["trees"])
        for trees in SEARCH_GRID["trees"]:
            row = {"trees": trees, "depth": depth, "learning_rate": lr, "window_days": window_days,
                   **summarise(res[trees])}
            rows.append(row)
            log(f"  window {window_days:3d} depth {depth} lr {lr:<5} trees {trees}: "
                f"AP {row['average_precision']:.4f} AUC {row['auc']:.4f} CP@100 {row['cp_at_100']:.4f}")
    return rows


def best(rows: list[dict]) -> dict:
    # Highest mean AP; ties (never seen in practice) by the grid's order.
    return max(rows, key=lambda r: r["average_precision"])


def params_of(row: dict) -> dict:
    return {k: row[k] for k in ("trees", "depth", "learning_rate", "window_days")}


def feature_selection(folds: Folds, params: dict, log) -> dict:
    def score(features):
        res = folds.run(features, params["depth"], params["learning_rate"], params["window_days"],
                        [params["trees"]])
        return summarise(res[params["trees"]])

    base = score(HANDBOOK_FEATURES)
    log(f"  handbook 15: AP {base['average_precision']:.4f}")
    single = {}
    for f in CANDIDATE_FEATURES:
        single[f] = score(HANDBOOK_FEATURES + [f])
        log(f"  + {f}: AP {single[f]['average_precision']:.4f} "
            f"({single[f]['average_precision'] - base['average_precision']:+.4f})")
    ranked = sorted(CANDIDATE_FEATURES, key=lambda f: -single[f]["average_precision"])
    current, current_score, steps = list(HANDBOOK_FEATURES), base, []
    for f in ranked:
        if single[f]["average_precision"] <= base["average_precision"]:
            steps.append({"feature": f, "kept": False, "reason": "no single gain"})
            continue
        trial = current + [f]
        s = score(trial) if len(current) > len(HANDBOOK_FEATURES) else single[f]
        kept = s["average_precision"] > current_score["average_precision"]
        steps.append({"feature": f, "kept": kept, "average_precision": s["average_precision"],
                      "gain": round(s["average_precision"] - current_score["average_precision"], 6)})
        log(f"  forward + {f}: AP {s['average_precision']:.4f} -> {'kept' if kept else 'dropped'}")
        if kept:
            current, current_score = trial, s
    return {"params": params, "handbook_15": base, "single_additions": single,
            "forward_steps": steps, "selected": current, "selected_metrics": current_score}


def search(df: pd.DataFrame, threads: int, seed: int, log) -> dict:
    started = time.perf_counter()
    folds = Folds(df, threads, seed, log)
    log("stage 1: grid, handbook's 15 features")
    stage1 = grid(folds, HANDBOOK_FEATURES, log)
    p1 = params_of(best(stage1))
    log(f"stage 1 best: {p1}")
    log("stage 2: feature selection")
    stage2 = feature_selection(folds, p1, log)
    log(f"stage 2 selected: {stage2['selected']}")
    log("stage 3: grid, selected features")
    stage3 = grid(folds, stage2["selected"], log)
    p3 = best(stage3)
    log(f"stage 3 best: {params_of(p3)} AP {p3['average_precision']:.4f}")
    return {
        "folds": [{"train_end": str(e), "validation": "..".join(map(str, folds.validation_window(e)))}
                  for e in FOLD_TRAIN_ENDS],
        "selection_metric": "mean validation average_precision over the folds",
        "stage1_grid": stage1, "stage1_best": p1,
        "stage2": stage2,
        "stage3_grid": stage3, "chosen": {**params_of(p3), "features": stage2["selected"]},
        "chosen_metrics": {k: p3[k] for k in ("auc", "average_precision", "cp_at_100", "folds")},
        "fits": folds.fits, "fit_seconds": round(folds.fit_seconds, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }
