#!/usr/bin/python3
"""The peer's features against model/features.py: every transaction of every 20th card of a handbook file,
fed through the peer's FeatureState in event-time order, compared with the batch definition of every feature
the peer supports. A bench run publishes no fraud labels, so the batch side is computed without them too
(TX_FRAUD = 0): terminal risk 0, no fraud runs.

    /usr/bin/python3 bench/python-peer/check_features.py [--data ../shared/data/handbook-train.csv.gz]
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timezone

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peer import MODEL_DIR, SUPPORTED, FeatureState  # noqa: E402

sys.path.insert(0, MODEL_DIR)
from features import compute_features, load_transactions  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.normpath(os.path.join(MODEL_DIR, "..", "..", "shared", "data", "handbook-train.csv.gz")))
    args = parser.parse_args()
    df = load_transactions(args.data)
    df = df[df["CUSTOMER_ID"] % 20 == 0].sort_values(["TX_DATETIME", "TRANSACTION_ID"]).reset_index(drop=True)
    df["TX_FRAUD"] = 0
    batch = compute_features(df)[SUPPORTED].to_numpy(np.float64)

    state = FeatureState()
    online = np.array([
        state.row(str(card), int(terminal), when.to_pydatetime().replace(tzinfo=timezone.utc), round(amount * 100))
        for card, terminal, when, amount in zip(df["CUSTOMER_ID"], df["TERMINAL_ID"], df["TX_DATETIME"], df["TX_AMOUNT"])
    ], dtype=np.float64)

    bad = []
    for i, name in enumerate(SUPPORTED):
        a, b = online[:, i], batch[:, i]
        differ = ~((a == b) | (np.abs(a - b) <= 1e-12 * np.maximum(np.abs(a), np.abs(b))))
        if differ.any():
            bad.append(f"{name}: {int(differ.sum())} rows differ (first: row {int(np.flatnonzero(differ)[0])}, peer {a[differ][0]}, batch {b[differ][0]})")
    print(f"{len(df):,} transactions, {len(SUPPORTED)} features: " + ("all equal" if not bad else "; ".join(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
