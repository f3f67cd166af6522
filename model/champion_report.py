"""The shipped models' figures on the days each has not seen (issue 14; model/REPORT.md, first section).

    /usr/bin/python3 model/champion_report.py [--data ../shared/data/handbook-train.csv.gz]

Scores the champion (model/fraud-model.onnx) and the challenger (model/challenger/fraud-model.onnx) with
check_onnx.py's evaluation of their ONNX files (ONNX Runtime's arithmetic, within 1e-6 of xgboost) on the features
of features.py, and prints Markdown tables:

- metrics.py's AUC, AP and CP@100 (adopted known-compromised definition, and the whole history) of each model on
  the days after everything it was fitted or tuned on (its training window and the week its thresholds were chosen
  on), to the file's end; and of every model on the last such window, so that they meet on the same days;
- each model's alerts at its own review and block thresholds (score >= t, all transactions, as the threshold rule
  counts them) on that common window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

import numpy as np
import onnx

import metrics
from check_onnx import evaluate
from features import compute_features, load_transactions
from train import DEFAULT_DATA, HERE, day_mask, matrix

MODELS = (("champion", os.path.join(HERE, "fraud-model.onnx")),
          ("challenger", os.path.join(HERE, "challenger", "fraud-model.onnx")))
DEFINITIONS = (("adopted (first day − 14)", None), ("whole history", metrics.WHOLE_HISTORY))


def first_unseen_day(metadata: dict) -> dt.date:
    """The day after the last one the model's training or its threshold choice looked at."""
    last_seen = max(dt.date.fromisoformat(metadata["trained"]["train_to"]),
                    dt.date.fromisoformat(metadata["validation"]["to"]))
    return last_seen + dt.timedelta(days=1)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    args = parser.parse_args(argv)

    df = compute_features(load_transactions(args.data))
    last_day = df["TX_DATETIME"].dt.normalize().max().date()
    models = []
    for role, path in MODELS:
        with open(os.path.splitext(path)[0] + ".json") as f:
            metadata = json.load(f)
        first = first_unseen_day(metadata)
        unseen = day_mask(df, first, last_day)
        scores = np.full(len(df), np.nan)
        scores[unseen] = evaluate(onnx.load(path), matrix(df[unseen], metadata["features"]))[1][:, 1]
        models.append((role, metadata, first, scores))
    common = max(first for _, _, first, _ in models)

    print(f"Data {args.data}, last day {last_day}.\n")
    print("| model | version | trained | thresholds chosen on | window (unseen) | known compromised | rows scored "
          "| frauds | removed | AUC | AP | CP@100 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for role, metadata, first, scores in models:
        trained = f"{metadata['trained']['train_from']}..{metadata['trained']['train_to']}"
        chosen = f"{metadata['validation']['from']}..{metadata['validation']['to']}"
        for window_from in sorted({first, common}):
            for name, known_from in DEFINITIONS:
                m = metrics.evaluate(df, scores, window_from, last_day, known_from=known_from)
                print(f"| {role} | `{metadata['model_version']}` | {trained} | {chosen} | {window_from}..{last_day} "
                      f"| {name} | {m['rows_scored']:,} | {m['frauds_scored']} | {m['removed_known_compromised']:,} "
                      f"| {m['auc']:.4f} | {m['average_precision']:.4f} | {m['cp_at_100']:.4f} |")

    in_common = day_mask(df, common, last_day)
    labels = df["TX_FRAUD"].to_numpy()[in_common]
    print(f"\nAt each model's own thresholds, {common}..{last_day}, all {int(in_common.sum()):,} transactions "
          f"({int(labels.sum())} frauds); an alert is score >= t:\n")
    print("| model | decision | threshold | alerts | alert rate | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for role, metadata, _, scores in models:
        for decision in ("review", "block"):
            t = metadata["thresholds"][decision]
            flagged = scores[in_common] >= t
            alerts, hits = int(flagged.sum()), int((flagged & (labels == 1)).sum())
            precision = f"{hits / alerts:.3f}" if alerts else "—"
            print(f"| {role} | {decision} | {t:.4g} | {alerts:,} | {alerts / len(labels):.2%} | {precision} "
                  f"| {hits / max(int(labels.sum()), 1):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
