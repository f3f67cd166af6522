"""Reference distributions for the service's drift monitor: per feature, and for the score.

The silo counts each feature value (and each score) into bins over a sliding window and compares the window's
shares with the training rows' shares by the population stability index (PSI). This file makes those bins;
train.py calls `drift_section` and stores its result as fraud-model.json -> "drift".

Bins. `edges` e_0 < e_1 < ... < e_{k-1} (float32 values) make k + 1 bins: bin i holds the values v with
e_{i-1} <= v < e_i (bin 0: v < e_0; bin k: v >= e_{k-1}; NaN goes to bin k), i.e. the bin index is the number
of edges <= v (numpy.searchsorted(edges, v, side="right"); the C# side does the same binary search).
- A feature with at most MAX_BINS distinct training values gets one bin per value (edges = its values but the
  smallest).
- Any other feature gets deciles: a value holding 10% of the rows or more gets a bin of its own (edges at it and at
  the next value), and the other values are split at their 10%, ..., 90% quantiles ("lower" method, so every edge
  is a value that occurs); edges without repeats and without the minimum, so no bin is empty on training data.
- The score (P(fraud), float32) gets deciles plus the review and block thresholds as edges, so the window's
  share above each threshold (the alert rate) is watched too.
`shares` are the training rows' fraction per bin (they sum to 1).

Standalone, it adds the section to an existing fraud-model.json without retraining (the ONNX file is not
touched): it recomputes the features of the model's training window (from fraud-model.json "trained"), scores
those rows with check_onnx's evaluation of fraud-model.onnx, and rewrites only the "drift" key.

    /usr/bin/python3 model/drift_bins.py [--data ../shared/data/handbook-train.csv.gz] [--model model/fraud-model.onnx]
    /usr/bin/python3 model/drift_bins.py --check      (only checks the stored section: shares sum to 1, edges ascend)
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

MAX_BINS = 10
QUANTILES = np.arange(1, 10) / 10.0
SHARE_TOLERANCE = 1e-9


def bins(values: np.ndarray, extra_edges: tuple[float, ...] = ()) -> dict:
    """Edges and training shares of one column (see the module's docstring)."""
    v = np.asarray(values, dtype=np.float32)
    v = v[~np.isnan(v)]
    if v.size == 0:
        raise ValueError("no values to bin")
    distinct, counts = np.unique(v, return_counts=True)
    if distinct.size <= MAX_BINS and not extra_edges:
        edges = distinct[1:]
        kind = "distinct"
    else:
        # A value holding a tenth of the rows or more (0 for most terminal risks) gets a bin of its own; deciles of
        # the other values split the rest, so a feature that is mostly one value still shows drift in its tail.
        heavy = np.flatnonzero(counts >= v.size / MAX_BINS)
        points = np.concatenate([distinct[heavy], distinct[np.minimum(heavy + 1, distinct.size - 1)]])
        rest = v[~np.isin(v, distinct[heavy])]
        quantiles = np.quantile(rest, QUANTILES, method="lower") if rest.size else np.empty(0)
        edges = np.unique(np.concatenate([points, quantiles, np.asarray(extra_edges)]).astype(np.float32))
        edges = edges[edges > distinct[0]]
        kind = "+".join(["deciles", *(["heavy values"] if heavy.size else []), *(["thresholds"] if extra_edges else [])])
    counts = np.bincount(np.searchsorted(edges, v, side="right"), minlength=edges.size + 1)
    shares = counts / v.size
    return {
        "kind": kind,
        # float(np.float32) prints the shortest decimal that reads back as the same float32.
        "edges": [float(e) for e in edges],
        "shares": [round(float(s), 9) for s in _normalised(shares)],
    }


def _normalised(shares: np.ndarray) -> np.ndarray:
    """Rounded to 9 decimals, with the rounding error put on the largest bin so the stored shares sum to 1."""
    rounded = np.round(shares, 9)
    rounded[int(np.argmax(rounded))] += 1.0 - rounded.sum()
    return rounded


def drift_section(x: np.ndarray, features: list[str], scores: np.ndarray, thresholds: dict, rows_from: str) -> dict:
    """The "drift" section of fraud-model.json for training matrix `x` (float32, columns in `features` order)
    and the model's scores of those rows."""
    if x.shape[1] != len(features) or x.shape[0] != scores.shape[0]:
        raise ValueError("matrix, feature names and scores disagree in shape")
    return {
        "reference": rows_from,
        "rows": int(x.shape[0]),
        "binning": "bin index = number of edges <= value (numpy.searchsorted side='right'); NaN in the last bin",
        "features": [{"name": name, **bins(x[:, i])} for i, name in enumerate(features)],
        "score": bins(scores, (float(thresholds["review"]), float(thresholds["block"]))),
    }


def check_section(section: dict, features: list[str]) -> list[str]:
    """Problems with a stored section: names and order, ascending edges, one share per bin, shares summing to 1."""
    problems = []
    names = [f["name"] for f in section["features"]]
    if names != features:
        problems.append(f"drift features {names} differ from the model's {features}")
    for name, b in [*((f["name"], f) for f in section["features"]), ("score", section["score"])]:
        edges, shares = b["edges"], b["shares"]
        if any(not a < c for a, c in zip(edges, edges[1:])):
            problems.append(f"{name}: edges do not ascend")
        if len(shares) != len(edges) + 1:
            problems.append(f"{name}: {len(shares)} shares for {len(edges) + 1} bins")
        if abs(sum(shares) - 1.0) > SHARE_TOLERANCE or any(s < 0 for s in shares):
            problems.append(f"{name}: shares sum to {sum(shares)!r}, not 1")
    return problems


def main(argv: list[str]) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.normpath(os.path.join(here, "..", "..", "shared", "data", "handbook-train.csv.gz")))
    parser.add_argument("--model", default=os.path.join(here, "fraud-model.onnx"))
    parser.add_argument("--check", action="store_true", help="only check the stored section")
    args = parser.parse_args(argv)
    metadata_path = os.path.splitext(args.model)[0] + ".json"
    with open(metadata_path) as f:
        metadata = json.load(f)

    if args.check:
        problems = check_section(metadata["drift"], metadata["features"]) if "drift" in metadata else ["no drift section"]
        for p in problems:
            print(f"{metadata_path}: {p}")
        if not problems:
            print(f"{metadata_path}: drift section OK ({len(metadata['drift']['features'])} features + score; shares sum to 1)")
        return 1 if problems else 0

    import onnx
    import pandas as pd

    from check_onnx import evaluate
    from features import compute_features, load_transactions

    started = time.perf_counter()
    with open(args.model, "rb") as f:
        onnx_bytes = f.read()
    if hashlib.sha256(onnx_bytes).hexdigest() != metadata["onnx"]["sha256"]:
        raise SystemExit(f"{args.model} is not the model {metadata_path} describes (sha256 differs)")
    trained = metadata["trained"]
    with open(args.data, "rb") as f:
        if hashlib.file_digest(f, "sha256").hexdigest() != trained["data_sha256"]:
            raise SystemExit(f"{args.data} is not the file the model was trained on (sha256 differs)")
    df = compute_features(load_transactions(args.data))
    day = df["TX_DATETIME"].dt.normalize()
    first, last = dt.date.fromisoformat(trained["train_from"]), dt.date.fromisoformat(trained["train_to"])
    train = df[((day >= pd.Timestamp(first)) & (day <= pd.Timestamp(last))).to_numpy()]
    if len(train) != trained["rows"]:
        raise SystemExit(f"{len(train)} training rows, the metadata says {trained['rows']}")
    features = metadata["features"]
    x = train[features].to_numpy(dtype=np.float32)
    print(f"[drift_bins] {len(train):,} training rows, features in {time.perf_counter() - started:.0f}s; scoring", flush=True)
    _, probabilities = evaluate(onnx.load_from_string(onnx_bytes), x)
    section = drift_section(x, features, probabilities[:, 1], metadata["thresholds"],
                            f"training rows {first}..{last}, scored by {os.path.basename(args.model)}")
    problems = check_section(section, features)
    if problems:
        raise SystemExit("; ".join(problems))
    metadata["drift"] = section
    with open(metadata_path, "w") as f:
        json.dump(metadata, f, indent=2)
        f.write("\n")
    print(f"[drift_bins] wrote the drift section of {metadata_path} ({time.perf_counter() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
