"""Trains the fraud model and writes the artefacts the service loads.

    /usr/bin/python3 model/train.py            (from the repo root; or ./fraud train)

Protocol (after the fraud-detection handbook, Chapter 3):
- Features are computed over the whole file, so that the card windows of the first
  training days already see their history, as they would online.
- Training: transactions dated train_from..train_to (inclusive, whole days).
- Labels arrive `delay_days` late: a model trained on labels up to train_to goes live
  after the delay. The days train_to+1 .. train_to+delay_days (the delay period) are
  the validation window, used for reporting and for choosing the decision thresholds.
- 2018-07-18..2018-07-31 is the service's held-out test window (replayed through the
  live pipeline); nothing here may train or validate on it, so any window reaching into
  it is refused.

Writes, into --out-dir:
- fraud-model.onnx              one ai.onnx.ml TreeEnsembleClassifier (see export_onnx.py)
- fraud-model.json              version, feature order, thresholds, provenance, metrics
- testdata/parity-rows.csv      feature rows + xgboost's P(fraud), for the C# ONNX tests
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import average_precision_score, roc_auc_score

from check_onnx import check
from export_onnx import INPUT_NAME, LABEL_NAME, PROBABILITIES_NAME, booster_to_onnx
from features import FEATURES, compute_features, load_transactions

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
DEFAULT_DATA = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "data", "handbook-train.csv.gz"))
TEST_WINDOW = (dt.date(2018, 7, 18), dt.date(2018, 7, 31))

# Threshold rule (see choose_thresholds).
REVIEW_PRECISION = 0.5
REVIEW_MAX_ALERT_RATE = 0.01
BLOCK_PRECISION = 0.9
MIN_ALERTS = 20  # below this, a precision estimate is too noisy to act on
THRESHOLD_RULE = (
    f"review = lowest score whose alerts (score >= t) on validation have precision >= {REVIEW_PRECISION}, "
    f"raised if needed so that at most {REVIEW_MAX_ALERT_RATE:.0%} of transactions are alerted; "
    f"block = lowest score whose alerts have precision >= {BLOCK_PRECISION} "
    f"(1.0 if none); both need >= {MIN_ALERTS} alerts; review <= block."
)

PARITY_ROWS = {"first_tx": 40, "fraud": 110, "genuine": 150}


def log(message: str) -> None:
    print(f"[train {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA, help="transactions CSV or CSV.gz (default: %(default)s)")
    parser.add_argument("--train-from", type=dt.date.fromisoformat, default=dt.date(2018, 6, 10))
    parser.add_argument("--train-to", type=dt.date.fromisoformat, default=dt.date(2018, 7, 10),
                        help="last training day, inclusive")
    parser.add_argument("--delay-days", type=int, default=7,
                        help="label delay; the delay period after --train-to is the validation window")
    parser.add_argument("--out-dir", default=HERE)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    args.validation_from = args.train_to + dt.timedelta(days=1)
    args.validation_to = args.train_to + dt.timedelta(days=args.delay_days)
    if args.delay_days < 1:
        parser.error("--delay-days must be at least 1 (the validation window is the delay period)")
    if args.train_from > args.train_to:
        parser.error("--train-from is after --train-to")
    if args.validation_to >= TEST_WINDOW[0]:
        parser.error(
            f"training/validation would reach {args.validation_to}, into the held-out test window "
            f"{TEST_WINDOW[0]}..{TEST_WINDOW[1]}; use an earlier --train-to or a shorter --delay-days")
    return args


def day_mask(df: pd.DataFrame, first: dt.date, last: dt.date) -> np.ndarray:
    day = df["TX_DATETIME"].dt.normalize()
    return ((day >= pd.Timestamp(first)) & (day <= pd.Timestamp(last))).to_numpy()


def matrix(df: pd.DataFrame) -> np.ndarray:
    # float32 is what both xgboost and the ONNX input use; converting once, here, makes
    # training, validation and parity rows see exactly the values the service will feed.
    return df[FEATURES].to_numpy(dtype=np.float32)


def choose_thresholds(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float, dict]:
    """Applies THRESHOLD_RULE; returns (review, block, their validation statistics)."""
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], labels[order]
    # Alerting on "score >= t" for t = s[i] flags every row up to the last tie of s[i].
    last_of_value = np.r_[s[1:] != s[:-1], True]
    alerts = np.arange(1, len(s) + 1)[last_of_value]
    true_alerts = np.cumsum(y)[last_of_value]
    candidates = s[last_of_value]
    precision = true_alerts / alerts
    rate = alerts / len(s)
    enough = alerts >= MIN_ALERTS

    def lowest(ok: np.ndarray) -> float | None:
        idx = np.flatnonzero(ok & enough)
        return float(candidates[idx[-1]]) if idx.size else None  # candidates descend

    block = lowest(precision >= BLOCK_PRECISION)
    block = 1.0 if block is None else block
    review = lowest((precision >= REVIEW_PRECISION) & (rate <= REVIEW_MAX_ALERT_RATE))
    if review is None:
        review = lowest(rate <= REVIEW_MAX_ALERT_RATE)
    review = min(review, block)
    if not 0 < review <= block <= 1 or review >= 1:
        raise RuntimeError(f"degenerate thresholds review={review} block={block}")

    def stats(t: float) -> dict:
        flagged = scores >= t
        n = int(flagged.sum())
        tp = int((flagged & (labels == 1)).sum())
        return {"alerts": n, "alert_rate": n / len(scores), "precision": tp / n if n else None,
                "recall": tp / max(int(labels.sum()), 1)}

    return review, block, {"review": stats(review), "block": stats(block)}


def pick_parity_rows(df: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Frauds, genuine transactions, and card-first transactions (SECONDS_SINCE_PREVIOUS_TX = -1),
    all dated before the test window so that no file derived from it is committed."""
    df = df[(df["TX_DATETIME"] < pd.Timestamp(TEST_WINDOW[0])).to_numpy()]
    first = np.flatnonzero(df["SECONDS_SINCE_PREVIOUS_TX"].to_numpy() == -1)
    fraud = np.flatnonzero(df["TX_FRAUD"].to_numpy() == 1)
    genuine = np.flatnonzero((df["TX_FRAUD"].to_numpy() == 0) & (df["SECONDS_SINCE_PREVIOUS_TX"].to_numpy() != -1))
    chosen = set(rng.choice(first, PARITY_ROWS["first_tx"], replace=False))
    chosen |= set(rng.choice(np.setdiff1d(fraud, list(chosen)), PARITY_ROWS["fraud"], replace=False))
    chosen |= set(rng.choice(genuine, PARITY_ROWS["genuine"], replace=False))
    return df.iloc[sorted(chosen)]


def write_parity_rows(path: str, rows: pd.DataFrame, probability: np.ndarray) -> None:
    out = rows[FEATURES].copy()
    # 9 significant digits round-trip a float32 exactly; features keep their float64 repr
    # so that a reader casting to float32 gets the same input the prediction used.
    out["probability"] = [f"{p:.9g}" for p in probability.astype(np.float32)]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    out.to_csv(path, index=False, lineterminator="\n")


def display_path(path: str) -> str:
    """Paths relative to the repo root where possible, so the metadata is machine-independent."""
    rel = os.path.relpath(os.path.abspath(path), REPO_ROOT)
    return rel if not rel.startswith(os.pardir + os.sep + os.pardir) else os.path.abspath(path)


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    log(f"data {args.data}")
    df = load_transactions(args.data)
    log(f"{len(df):,} transactions loaded; computing features")
    df = compute_features(df)
    log(f"features done ({time.perf_counter() - started:.1f}s)")

    train = df[day_mask(df, args.train_from, args.train_to)]
    valid = df[day_mask(df, args.validation_from, args.validation_to)]
    if len(train) == 0 or len(valid) == 0:
        raise SystemExit("empty training or validation window")
    x_train, y_train = matrix(train), train["TX_FRAUD"].to_numpy()
    x_valid, y_valid = matrix(valid), valid["TX_FRAUD"].to_numpy()
    log(f"train {args.train_from}..{args.train_to}: {len(train):,} rows, {int(y_train.sum()):,} frauds; "
        f"validation {args.validation_from}..{args.validation_to}: {len(valid):,} rows, {int(y_valid.sum()):,} frauds")

    params = {
        "objective": "binary:logistic",
        "eval_metric": ["auc", "aucpr"],
        "tree_method": "hist",
        "max_depth": args.depth,
        "eta": args.learning_rate,
        "nthread": args.threads,
        "seed": args.seed,
        # Explicit, because the ONNX base value is derived from it and xgboost 2.x
        # would otherwise estimate it from the data.
        "base_score": 0.5,
    }
    d_train = xgb.DMatrix(x_train, label=y_train, feature_names=FEATURES)
    d_valid = xgb.DMatrix(x_valid, label=y_valid, feature_names=FEATURES)
    fit_started = time.perf_counter()
    booster = xgb.train(params, d_train, num_boost_round=args.trees, evals=[(d_valid, "validation")],
                        verbose_eval=max(args.trees // 8, 1))
    fit_seconds = time.perf_counter() - fit_started
    log(f"trained {args.trees} trees, depth {args.depth} in {fit_seconds:.1f}s")

    p_valid = booster.predict(d_valid)
    auc = float(roc_auc_score(y_valid, p_valid))
    ap = float(average_precision_score(y_valid, p_valid))
    log(f"validation AUC {auc:.4f}, average precision {ap:.4f}")
    review, block, threshold_stats = choose_thresholds(p_valid, y_valid)
    for name, t in (("review", review), ("block", block)):
        s = threshold_stats[name]
        log(f"{name} >= {t:.6g}: {s['alerts']} alerts ({s['alert_rate']:.2%}), "
            f"precision {s['precision']:.3f}, recall {s['recall']:.3f}")

    model = booster_to_onnx(booster, FEATURES, doc=(
        f"XGBoost binary:logistic, {args.trees} trees, depth {args.depth}; input '{INPUT_NAME}' float32 "
        f"[N, {len(FEATURES)}] in order {','.join(FEATURES)}; output '{PROBABILITIES_NAME}'[:, 1] = P(fraud)."))
    worst = check(model, x_valid, p_valid)
    log(f"ONNX export matches xgboost on {len(x_valid):,} validation rows (max |diff| {worst:.2g})")

    onnx_bytes = model.SerializeToString()
    version = f"xgb-{args.train_to}-{hashlib.sha256(onnx_bytes).hexdigest()[:8]}"
    os.makedirs(args.out_dir, exist_ok=True)
    onnx_path = os.path.join(args.out_dir, "fraud-model.onnx")
    with open(onnx_path, "wb") as f:
        f.write(onnx_bytes)

    rows = pick_parity_rows(df, np.random.default_rng(args.seed))
    x_rows = matrix(rows)
    p_rows = booster.predict(xgb.DMatrix(x_rows, feature_names=FEATURES))
    check(model, x_rows, p_rows)
    parity_path = os.path.join(args.out_dir, "testdata", "parity-rows.csv")
    write_parity_rows(parity_path, rows, p_rows)

    metadata = {
        "model_version": version,
        "features": FEATURES,
        "thresholds": {"review": review, "block": block},
        "threshold_rule": THRESHOLD_RULE,
        "onnx": {"input": INPUT_NAME, "outputs": [LABEL_NAME, PROBABILITIES_NAME],
                 "score": f"{PROBABILITIES_NAME}[:, 1]", "sha256": hashlib.sha256(onnx_bytes).hexdigest()},
        "trained": {
            "data": display_path(args.data),
            "data_sha256": sha256_file(args.data),
            "train_from": str(args.train_from),
            "train_to": str(args.train_to),
            "delay_days": args.delay_days,
            "rows": int(len(train)),
            "frauds": int(y_train.sum()),
            "trees": args.trees,
            "depth": args.depth,
            "learning_rate": args.learning_rate,
            "seed": args.seed,
            "xgboost": xgb.__version__,
        },
        "validation": {
            "from": str(args.validation_from),
            "to": str(args.validation_to),
            "rows": int(len(valid)),
            "frauds": int(y_valid.sum()),
            "auc": round(auc, 6),
            "average_precision": round(ap, 6),
            "at_thresholds": threshold_stats,
        },
    }
    with open(os.path.join(args.out_dir, "fraud-model.json"), "w") as f:
        json.dump(metadata, f, indent=2)
        f.write("\n")

    log(f"wrote {display_path(onnx_path)} ({len(onnx_bytes):,} bytes), fraud-model.json, "
        f"testdata/parity-rows.csv ({len(rows)} rows); version {version}")
    log(f"total {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
