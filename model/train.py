"""Trains the fraud model and writes the artefacts the service loads.

    /usr/bin/python3 model/train.py            (from the repo root; or ./fraud train): the champion
    /usr/bin/python3 model/train.py --holdout --out-dir DIR   (issue 3's model trained to 2018-07-10,
                                                     shipped as the challenger in model/challenger/)
    /usr/bin/python3 model/train.py --select   (prequential search; see prequential.py)
    /usr/bin/python3 model/train.py --report-test   (also prints the figures on the window the model
                                                     has not seen: the test window with --holdout)

Two modes (issue 14):
- The champion (default) is trained on everything we know: every whole day of the file whose
  label is visible by the file's last day, i.e. the file's first day .. last day - delay_days
  (2018-04-01..07-24 for the handbook file). Its own delay week has no visible label, so its
  decision thresholds come from a backtest of the same recipe with the file cut delay_days
  earlier: fitted on first day .. last day - 2 x delay_days, the thresholds are chosen on its
  delay week (last day - 2 x delay_days + 1 .. last day - delay_days), whose labels are visible,
  and applied to the champion. That week's figures are the backtest model's; the champion's
  unseen week is last day - delay_days + 1 .. last day (model/champion_report.py).
- --holdout is issue 3's protocol, below; its defaults reproduce the 07-10 model byte for byte.

Protocol (after the fraud-detection handbook, Chapter 3):
- Features are computed over the whole file, so that the card windows of the first
  training days already see their history, as they would online.
- Training: transactions dated train_from..train_to (inclusive, whole days);
  train_from defaults to train_to - (window_days - 1).
- Hyper-parameters, the window length and the first 16 features are the result of the
  prequential search (`--select`, prequential.py) on weeks before the test window; the 8
  history features after them were selected on the same folds by the issue-3 research
  (model/research/FINDINGS.md). Both are baked into the defaults below (CHOSEN).
- Labels arrive `delay_days` late (--holdout): a model trained on labels up to train_to goes live
  after the delay. The days train_to+1 .. train_to+delay_days (the delay period) are
  the validation window, used for reporting and for choosing the decision thresholds.
  Its metrics are reported both over all transactions and as metrics.evaluate defines
  them (cards known compromised removed, by default from frauds dated on/after the
  window's first day - 14 days; with CP@100).
- 2018-07-18..2018-07-31 is the 07-10 model's held-out test window (replayed through the
  live pipeline); with --holdout nothing may train or validate on it, so any window reaching
  into it is refused. Both modes draw the parity and contribution rows from before it.

Writes, into --out-dir:
- fraud-model.onnx              one ai.onnx.ml TreeEnsembleClassifier (see export_onnx.py)
- fraud-model.json              version, feature order, thresholds, provenance, metrics, drift bins
- testdata/parity-rows.csv      feature rows + xgboost's P(fraud), for the C# ONNX tests
- testdata/contribution-rows.csv 2,000 feature rows + xgboost's TreeSHAP contributions, for the C# explainer's
                                parity test (explanations.py)
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
from drift_bins import drift_section
from explanations import pick_rows as pick_contribution_rows, write_contribution_rows
from export_onnx import INPUT_NAME, LABEL_NAME, PROBABILITIES_NAME, booster_to_onnx
import metrics
from features import ALL_FEATURES, HISTORY_FEATURES, compute_features, load_transactions

# The prequential search's choice (train.py --select -> selection.json; REPORT.md), plus the
# 8 history features of issue 3 (model/research/FINDINGS.md: forward selection on the same
# folds, same hyper-parameters). "features" is the model's input order.
CHOSEN = {
    "features": [
        "TX_AMOUNT",
        "TX_DURING_WEEKEND",
        "TX_DURING_NIGHT",
        "CUSTOMER_ID_NB_TX_1DAY_WINDOW",
        "CUSTOMER_ID_AVG_AMOUNT_1DAY_WINDOW",
        "CUSTOMER_ID_NB_TX_7DAY_WINDOW",
        "CUSTOMER_ID_AVG_AMOUNT_7DAY_WINDOW",
        "CUSTOMER_ID_NB_TX_30DAY_WINDOW",
        "CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW",
        "TERMINAL_ID_NB_TX_1DAY_WINDOW",
        "TERMINAL_ID_RISK_1DAY_WINDOW",
        "TERMINAL_ID_NB_TX_7DAY_WINDOW",
        "TERMINAL_ID_RISK_7DAY_WINDOW",
        "TERMINAL_ID_NB_TX_30DAY_WINDOW",
        "TERMINAL_ID_RISK_30DAY_WINDOW",
        "AMOUNT_TO_CUSTOMER_AVG_30DAY",
        *HISTORY_FEATURES,
    ],
    "trees": 200,
    "depth": 6,
    "learning_rate": 0.1,
    "window_days": 98,
}

# CHOSEN's validation metrics over the prequential folds (model/research/results.jsonl,
# "fwd+TERM_LAST_GENUINE_AGE": the selected 24 features), under metrics.py's default
# known-compromised definition (frauds from validation start - 14 days).
PREQUENTIAL_RESULT = {
    "selection_metric": "mean validation average_precision over the folds",
    "folds_train_end": ["2018-06-12", "2018-06-19", "2018-06-26", "2018-07-03"],
    "validation_days": "train_end + 8 .. train_end + 14; cards known compromised removed "
                       "(metrics.py, frauds from validation start - 14 days)",
    "auc": 0.887046,
    "average_precision": 0.761796,
    "cp_at_100": 0.325,
    "folds": [
        {"validation": "2018-06-20..2018-06-26", "auc": 0.88474, "average_precision": 0.754985, "cp_at_100": 0.351429},
        {"validation": "2018-06-27..2018-07-03", "auc": 0.897062, "average_precision": 0.773052, "cp_at_100": 0.334286},
        {"validation": "2018-07-04..2018-07-10", "auc": 0.880418, "average_precision": 0.762625, "cp_at_100": 0.317143},
        {"validation": "2018-07-11..2018-07-17", "auc": 0.885962, "average_precision": 0.756524, "cp_at_100": 0.297143},
    ],
    "whole_history": {"auc": 0.870582, "average_precision": 0.726938, "cp_at_100": 0.158572},
    "first_16_features_only": {"auc": 0.884637, "average_precision": 0.733385, "cp_at_100": 0.320714},
}

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
DEFAULT_DATA = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "data", "handbook-train.csv.gz"))
TEST_WINDOW = (dt.date(2018, 7, 18), dt.date(2018, 7, 31))
HOLDOUT_TRAIN_TO = dt.date(2018, 7, 10)

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
    parser.add_argument("--holdout", action="store_true",
                        help="issue 3's protocol: train to --train-to (default 2018-07-10) over --window-days "
                             f"(default {CHOSEN['window_days']}), validate and pick thresholds on the delay period, "
                             f"refuse anything reaching into {TEST_WINDOW[0]}..{TEST_WINDOW[1]} (the challenger). "
                             "Without it: the champion, trained on every day whose label is visible")
    parser.add_argument("--train-from", type=dt.date.fromisoformat, default=None,
                        help="first training day (default: train-to - window-days + 1, or the file's first day "
                             "for the champion without --window-days)")
    parser.add_argument("--window-days", type=int, default=None)
    parser.add_argument("--train-to", type=dt.date.fromisoformat, default=None,
                        help="last training day, inclusive (default: 2018-07-10 with --holdout, else the file's "
                             "last day - delay-days)")
    parser.add_argument("--delay-days", type=int, default=7,
                        help="label delay; the delay period after the training window is the validation window")
    parser.add_argument("--out-dir", default=HERE)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--trees", type=int, default=CHOSEN["trees"])
    parser.add_argument("--depth", type=int, default=CHOSEN["depth"])
    parser.add_argument("--learning-rate", type=float, default=CHOSEN["learning_rate"])
    parser.add_argument("--features", type=lambda v: v.split(","), default=CHOSEN["features"],
                        help="comma-separated model inputs, in order, from features.ALL_FEATURES")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--select", action="store_true",
                        help="run the prequential search (prequential.py), write selection.json, and stop")
    parser.add_argument("--labels-from-table", action="store_true",
                        help="override TX_FRAUD with the analysts' labels in the service's labels table (table_labels.py)")
    parser.add_argument("--dynamodb-endpoint", default=os.environ.get("FRAUD_DYNAMODB_ENDPOINT"),
                        help="with --labels-from-table: DynamoDB endpoint URL (default: $FRAUD_DYNAMODB_ENDPOINT, else AWS)")
    parser.add_argument("--labels-table", default="fraud-labels", help="with --labels-from-table: the table (DynamoDB:LabelTable)")
    parser.add_argument("--report-test", action="store_true",
                        help="after training, print the metrics on the days the model has not seen: the test window with "
                             "--holdout, else the days after --train-to (does not change the artefacts)")
    args = parser.parse_args(argv)
    if args.holdout and os.path.abspath(args.out_dir) == os.path.abspath(HERE):
        parser.error("--holdout writes the 07-10 model: give --out-dir (model/ holds the champion, "
                     "model/challenger/ the committed 07-10 model)")
    unknown = [f for f in args.features if f not in ALL_FEATURES]
    if unknown or len(set(args.features)) != len(args.features):
        parser.error(f"--features: unknown or repeated names {unknown or args.features}")
    if args.delay_days < 1:
        parser.error("--delay-days must be at least 1 (the validation window is the delay period)")
    args.error = parser.error
    if args.holdout:
        args.window_days = args.window_days or CHOSEN["window_days"]
        args.train_to = args.train_to or HOLDOUT_TRAIN_TO
        resolve_windows(args)
    return args


def resolve_windows(args: argparse.Namespace, first_day: dt.date | None = None, last_day: dt.date | None = None) -> None:
    """Sets train_from and the windows of the mode. The champion's need the file's first and last days."""
    delay = dt.timedelta(days=args.delay_days)
    args.first_day = first_day
    if not args.holdout:
        labelled_to = last_day - delay  # the last day whose labels have arrived by the end of the file
        args.train_to = args.train_to or labelled_to
        if args.train_to > labelled_to:
            args.error(f"--train-to {args.train_to}: labels are visible up to {labelled_to} only "
                       f"(the file ends {last_day}, labels arrive {args.delay_days} days late)")
    if args.train_from is None:
        args.train_from = (first_day if args.window_days is None
                           else args.train_to - dt.timedelta(days=args.window_days - 1))
    if args.train_from > args.train_to:
        args.error("--train-from is after --train-to")
    if args.holdout:
        args.validation_from = args.train_to + dt.timedelta(days=1)
        args.validation_to = args.train_to + delay
        if args.validation_to >= TEST_WINDOW[0]:
            args.error(
                f"training/validation would reach {args.validation_to}, into the held-out test window "
                f"{TEST_WINDOW[0]}..{TEST_WINDOW[1]}; use an earlier --train-to or a shorter --delay-days")
        args.unseen = TEST_WINDOW
    else:
        # The backtest: the same recipe on the file cut delay_days earlier; its delay week is the validation window.
        args.backtest_to = args.train_to - delay
        args.validation_from = args.backtest_to + dt.timedelta(days=1)
        args.validation_to = args.train_to
        if args.backtest_to < args.train_from:
            args.error(f"the threshold backtest would train on {args.train_from}..{args.backtest_to}: nothing")
        args.unseen = (args.train_to + dt.timedelta(days=1), last_day)


def day_mask(df: pd.DataFrame, first: dt.date, last: dt.date) -> np.ndarray:
    day = df["TX_DATETIME"].dt.normalize()
    return ((day >= pd.Timestamp(first)) & (day <= pd.Timestamp(last))).to_numpy()


def matrix(df: pd.DataFrame, features: list[str]) -> np.ndarray:
    # float32 is what both xgboost and the ONNX input use; converting once, here, makes
    # training, validation and parity rows see exactly the values the service will feed.
    return df[features].to_numpy(dtype=np.float32)


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


def write_parity_rows(path: str, rows: pd.DataFrame, features: list[str], probability: np.ndarray) -> None:
    out = rows[features].copy()
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


def fit(args: argparse.Namespace, d_train: xgb.DMatrix, what: str) -> xgb.Booster:
    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "max_depth": args.depth,
        "eta": args.learning_rate,
        "nthread": args.threads,
        "seed": args.seed,
        # Explicit, because the ONNX base value is derived from it and xgboost 2.x
        # would otherwise estimate it from the data.
        "base_score": 0.5,
    }
    fit_started = time.perf_counter()
    booster = xgb.train(params, d_train, num_boost_round=args.trees)
    log(f"trained {what}: {args.trees} trees, depth {args.depth}, learning rate {args.learning_rate} "
        f"in {time.perf_counter() - fit_started:.1f}s")
    return booster


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    log(f"data {args.data}")
    df = load_transactions(args.data)
    analyst_labels = None
    if args.labels_from_table:
        import table_labels

        labels = table_labels.read_labels(args.dynamodb_endpoint, args.labels_table)
        applied, changed, unknown = table_labels.apply_labels(df, labels)
        analyst_labels = {"table": args.labels_table, "labels": len(labels), "applied": applied,
                          "changed": changed, "not_in_data": unknown}
        log(f"analysts' labels from {args.labels_table}: {len(labels):,}; {applied:,} applied "
            f"({changed:,} changed TX_FRAUD), {unknown:,} for transactions not in the data")
    log(f"{len(df):,} transactions loaded; computing features")
    df = compute_features(df)
    log(f"features done ({time.perf_counter() - started:.1f}s)")

    if args.select:
        import prequential

        result = prequential.search(df, args.threads, args.seed, log)
        # Timings go to the log only, so that the file is reproducible byte for byte.
        timing = {k: result.pop(k) for k in ("fits", "fit_seconds", "seconds")}
        log(f"search: {timing['fits']} fits, {timing['fit_seconds']}s fitting, {timing['seconds']}s in all")
        os.makedirs(args.out_dir, exist_ok=True)
        path = os.path.join(args.out_dir, "selection.json")
        with open(path, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
        log(f"wrote {display_path(path)}; chosen: {json.dumps(result['chosen'])}")
        log("bake the choice into CHOSEN in train.py to ship it")
        return 0

    if not args.holdout:
        days = df["TX_DATETIME"].dt.normalize()
        resolve_windows(args, days.min().date(), days.max().date())
    features = args.features
    train = df[day_mask(df, args.train_from, args.train_to)]
    valid = df[day_mask(df, args.validation_from, args.validation_to)]
    if len(train) == 0 or len(valid) == 0:
        raise SystemExit("empty training or validation window")
    x_train, y_train = matrix(train, features), train["TX_FRAUD"].to_numpy()
    x_valid, y_valid = matrix(valid, features), valid["TX_FRAUD"].to_numpy()
    log(f"train {args.train_from}..{args.train_to}: {len(train):,} rows, {int(y_train.sum()):,} frauds; "
        f"validation {args.validation_from}..{args.validation_to}: {len(valid):,} rows, {int(y_valid.sum()):,} frauds")
    log(f"{len(features)} features: {','.join(features)}")

    d_train = xgb.DMatrix(x_train, label=y_train, feature_names=features)
    d_valid = xgb.DMatrix(x_valid, label=y_valid, feature_names=features)
    booster = fit(args, d_train, "the model")
    if args.holdout:
        validator = booster
    else:
        backtest = df[day_mask(df, args.train_from, args.backtest_to)]
        log(f"threshold backtest: train {args.train_from}..{args.backtest_to}: {len(backtest):,} rows, "
            f"{int(backtest['TX_FRAUD'].sum()):,} frauds; thresholds on its delay week "
            f"{args.validation_from}..{args.validation_to}")
        validator = fit(args, xgb.DMatrix(matrix(backtest, features), label=backtest["TX_FRAUD"].to_numpy(),
                                          feature_names=features), "the threshold backtest")

    p_valid = validator.predict(d_valid)
    auc = float(roc_auc_score(y_valid, p_valid))
    ap = float(average_precision_score(y_valid, p_valid))
    log(f"validation, all transactions: AUC {auc:.4f}, average precision {ap:.4f}")
    scores = np.full(len(df), np.nan)
    scores[day_mask(df, args.validation_from, args.validation_to)] = p_valid
    v_metrics = metrics.evaluate(df, scores, args.validation_from, args.validation_to)
    log(f"validation, known compromised cards removed ({v_metrics['rows_scored']:,} rows, "
        f"{v_metrics['frauds_scored']} frauds): AUC {v_metrics['auc']:.4f}, "
        f"AP {v_metrics['average_precision']:.4f}, CP@100 {v_metrics['cp_at_100']:.4f}")
    review, block, threshold_stats = choose_thresholds(p_valid, y_valid)
    for name, t in (("review", review), ("block", block)):
        s = threshold_stats[name]
        log(f"{name} >= {t:.6g}: {s['alerts']} alerts ({s['alert_rate']:.2%}), "
            f"precision {s['precision']:.3f}, recall {s['recall']:.3f}")

    model = booster_to_onnx(booster, features, doc=(
        f"XGBoost binary:logistic, {args.trees} trees, depth {args.depth}; input '{INPUT_NAME}' float32 "
        f"[N, {len(features)}] in order {','.join(features)}; output '{PROBABILITIES_NAME}'[:, 1] = P(fraud)."))
    worst = check(model, x_valid, p_valid if validator is booster else booster.predict(d_valid))
    log(f"ONNX export matches xgboost on {len(x_valid):,} validation rows (max |diff| {worst:.2g})")

    onnx_bytes = model.SerializeToString()
    version = f"xgb-{args.train_to}-{hashlib.sha256(onnx_bytes).hexdigest()[:8]}"
    os.makedirs(args.out_dir, exist_ok=True)
    onnx_path = os.path.join(args.out_dir, "fraud-model.onnx")
    with open(onnx_path, "wb") as f:
        f.write(onnx_bytes)

    rows = pick_parity_rows(df, np.random.default_rng(args.seed))
    x_rows = matrix(rows, features)
    p_rows = booster.predict(xgb.DMatrix(x_rows, feature_names=features))
    check(model, x_rows, p_rows)
    parity_path = os.path.join(args.out_dir, "testdata", "parity-rows.csv")
    write_parity_rows(parity_path, rows, features, p_rows)
    explained = pick_contribution_rows(df, pd.Timestamp(TEST_WINDOW[0]), np.random.default_rng(args.seed + 1))
    contribution_path = os.path.join(args.out_dir, "testdata", "contribution-rows.csv")
    worst_sum = write_contribution_rows(contribution_path, booster, explained, features, matrix(explained, features))
    log(f"wrote {display_path(contribution_path)} ({len(explained):,} rows; xgboost's contributions sum to the "
        f"margin within {worst_sum:.2g})")

    def rounded(m: dict) -> dict:
        return {k: round(v, 6) if isinstance(v, float) else v for k, v in m.items()}

    metadata = {
        "model_version": version,
        "features": features,
        "thresholds": {"review": review, "block": block},
        "threshold_rule": THRESHOLD_RULE,
        **({} if args.holdout else {"thresholds_from": {
            "backtest_train_from": str(args.train_from),
            "backtest_train_to": str(args.backtest_to),
            "threshold_window_from": str(args.validation_from),
            "threshold_window_to": str(args.validation_to),
            "why": "the champion's own delay week has no label visible by the end of the file, so the rule is "
                   "applied to a backtest of the same recipe on the file cut delay_days earlier, scored on its delay "
                   "week ('validation' below); the champion uses the thresholds it gives",
        }}),
        "onnx": {"input": INPUT_NAME, "outputs": [LABEL_NAME, PROBABILITIES_NAME],
                 "score": f"{PROBABILITIES_NAME}[:, 1]", "sha256": hashlib.sha256(onnx_bytes).hexdigest()},
        "trained": {
            "data": display_path(args.data),
            "data_sha256": sha256_file(args.data),
            "train_from": str(args.train_from),
            "train_to": str(args.train_to),
            "window_days": (args.train_to - args.train_from).days + 1,
            "delay_days": args.delay_days,
            "rows": int(len(train)),
            "frauds": int(y_train.sum()),
            "trees": args.trees,
            "depth": args.depth,
            "learning_rate": args.learning_rate,
            "seed": args.seed,
            "xgboost": xgb.__version__,
            **({"analyst_labels": analyst_labels} if analyst_labels else {}),
        },
        "hyperparameters": {
            "chosen_by": "prequential validation (train.py --select, prequential.py; the 8 history features: "
                         "model/research/FINDINGS.md): mean validation average precision over 4 weekly folds "
                         "validated 2018-06-20..07-17" + ("" if args.holdout else
                         "; the champion's window is every day whose label is visible (issue 14), not the 98 days "
                         "chosen for the 07-10 model"),
            "trees": args.trees,
            "depth": args.depth,
            "learning_rate": args.learning_rate,
            "window_days": (args.train_to - args.train_from).days + 1,
            "tree_method": "hist",
            "base_score": 0.5,
            "is_default": (features == CHOSEN["features"] and args.trees == CHOSEN["trees"]
                           and args.depth == CHOSEN["depth"] and args.learning_rate == CHOSEN["learning_rate"]
                           and ((args.train_to - args.train_from).days + 1 == CHOSEN["window_days"] if args.holdout
                                else args.train_from == args.first_day)),
        },
        "validation": {
            **({} if args.holdout else {"model": f"threshold backtest trained {args.train_from}..{args.backtest_to}"}),
            "from": str(args.validation_from),
            "to": str(args.validation_to),
            "rows": int(len(valid)),
            "frauds": int(y_valid.sum()),
            "auc": round(auc, 6),
            "average_precision": round(ap, 6),
            "at_thresholds": threshold_stats,
            "known_compromised_removed": rounded(v_metrics),
        },
    }
    if metadata["hyperparameters"]["is_default"]:
        metadata["prequential_validation"] = PREQUENTIAL_RESULT
    # The service's drift monitor compares live traffic with the training rows (drift_bins.py).
    metadata["drift"] = drift_section(x_train, features, booster.predict(d_train), metadata["thresholds"],
                                      f"training rows {args.train_from}..{args.train_to}, scored by fraud-model.onnx")
    with open(os.path.join(args.out_dir, "fraud-model.json"), "w") as f:
        json.dump(metadata, f, indent=2)
        f.write("\n")

    log(f"wrote {display_path(onnx_path)} ({len(onnx_bytes):,} bytes), fraud-model.json, "
        f"testdata/parity-rows.csv ({len(rows)} rows); version {version}")

    if args.report_test:
        t_first, t_last = args.unseen
        scores = np.full(len(df), np.nan)
        in_test = day_mask(df, t_first, t_last)
        scores[in_test] = booster.predict(xgb.DMatrix(matrix(df[in_test], features), feature_names=features))
        for label, known_from in (("default: known from first day - 14 days", None),
                                  ("known from the whole history", metrics.WHOLE_HISTORY)):
            m = metrics.evaluate(df, scores, t_first, t_last, known_from=known_from)
            log(f"UNSEEN {t_first}..{t_last} ({label}): {m['rows_scored']:,} rows, {m['frauds_scored']} frauds, "
                f"{m['removed_known_compromised']:,} removed: AUC {m['auc']:.4f}, AP {m['average_precision']:.4f}, "
                f"CP@100 {m['cp_at_100']:.4f}")
    log(f"total {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
