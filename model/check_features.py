"""Brute-force cross-check of features.py: a plain per-row loop implementation of every
definition, compared with compute_features on a real subset and on synthetic data with
same-second ties and transactions exactly on window edges.

    /usr/bin/python3 model/check_features.py [--data ../shared/data/handbook-train.csv.gz]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections import defaultdict

import numpy as np
import pandas as pd

from features import ALL_FEATURES, DAY, compute_features, load_transactions

DELAY, HISTORY = 7 * DAY, 60 * DAY


def amount_history(card_rows: list[dict]) -> None:
    """Sets each row's _R and _Z (the card's transactions in (t - 60 d, t - 7 d]), in place."""
    for r in card_rows:
        w = [q["_c"] for q in card_rows if r["_t"] - HISTORY < q["_t"] <= r["_t"] - DELAY]
        m, s, q = len(w), sum(w), sum(c * c for c in w)
        r["_R"] = -1.0 if m == 0 or s == 0 else float(r["_c"] * m) / float(s)
        r["_Z"] = -99.0 if m < 2 or m * q - s * s == 0 else float(r["_c"] * m - s) / math.sqrt(float(m * q - s * s))


def terminal_history(term_rows: list[dict], r: dict) -> dict:
    """The TERM_* history features of `r`: walk its terminal's labelled rows back from the latest."""
    t = r["_t"]
    labelled = sorted((q for q in term_rows if t - DELAY - HISTORY < q["_t"] <= t - DELAY),
                      key=lambda q: (q["_t"], q["TRANSACTION_ID"]))
    run = []
    while labelled and labelled[-1]["TX_FRAUD"] == 1:
        run.append(labelled.pop())
    genuine = labelled[-1] if labelled else None  # what stopped the walk, if anything
    day = t // DAY
    age = t - genuine["_t"] if genuine else -1
    return {"TERM_RUN_AGE_DAYS": day - run[-1]["_t"] // DAY if run else -1,
            "TERM_GEN_AGE_DAYS": day - genuine["_t"] // DAY if genuine else -1,
            "TERM_RUN_LEN": len(run),
            "TERM_LAST_GENUINE_AGE": age if age <= HISTORY else -1}

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "handbook-train.csv.gz"))


def brute_force(df: pd.DataFrame) -> pd.DataFrame:
    rows = df.to_dict("records")
    for r in rows:
        r["_t"] = int((r["TX_DATETIME"] - pd.Timestamp("1970-01-01")).total_seconds())
        r["_c"] = int(round(r["TX_AMOUNT"] * 100))
    by_card, by_terminal = defaultdict(list), defaultdict(list)
    for r in rows:
        by_card[r["CUSTOMER_ID"]].append(r)
        by_terminal[r["TERMINAL_ID"]].append(r)
    result = {}
    for card_rows in by_card.values():
        card_rows.sort(key=lambda r: (r["_t"], r["TRANSACTION_ID"]))
        amount_history(card_rows)
        for i, r in enumerate(card_rows):
            t = r["_t"]
            before = card_rows[: i + 1]  # at or before the current one in card order

            def window(width):
                return [q for q in before if t - width < q["_t"] <= t]

            f = {"TX_AMOUNT": r["TX_AMOUNT"],
                 "TX_DURING_WEEKEND": int(r["TX_DATETIME"].weekday() >= 5),
                 "TX_DURING_NIGHT": int(r["TX_DATETIME"].hour <= 6)}
            for n in (1, 7, 30):
                w = window(n * DAY)
                f[f"CUSTOMER_ID_NB_TX_{n}DAY_WINDOW"] = len(w)
                f[f"CUSTOMER_ID_AVG_AMOUNT_{n}DAY_WINDOW"] = sum(q["_c"] for q in w) / len(w) / 100.0
            f["SECONDS_SINCE_PREVIOUS_TX"] = t - card_rows[i - 1]["_t"] if i > 0 else -1
            f["CUSTOMER_ID_NB_TX_10MIN_WINDOW"] = len(window(600))
            f["CUSTOMER_ID_NB_TX_1HOUR_WINDOW"] = len(window(3600))
            prev30 = [q for q in window(30 * DAY) if q is not r]
            m, s = len(prev30), sum(q["_c"] for q in prev30)
            f["AMOUNT_TO_CUSTOMER_AVG_30DAY"] = -1.0 if m == 0 or s == 0 else float(r["_c"] * m) / float(s)
            f["CUSTOMER_ID_NB_TERMINALS_1DAY_WINDOW"] = len({q["TERMINAL_ID"] for q in window(DAY)})
            f["TERMINAL_FIRST_USE_BY_CUSTOMER"] = int(all(q["TERMINAL_ID"] != r["TERMINAL_ID"] for q in prev30))
            earlier14 = [q for q in card_rows[:i] if t - 14 * DAY < q["_t"]]
            earlier7 = [q for q in card_rows[:i] if t - 7 * DAY < q["_t"]]
            f["MAXR14"] = max((q["_R"] for q in earlier14), default=-1.0)
            f["NBHI7"] = sum(q["_R"] > 3 for q in earlier7)
            f["MAXZ14"] = max([-99.0, *(q["_Z"] for q in earlier14)])
            f["Z_7_60"] = r["_Z"]
            result[r["TRANSACTION_ID"]] = f
    for term_rows in by_terminal.values():
        for r in term_rows:
            t = r["_t"]
            for n in (1, 7, 30):
                w = [q for q in term_rows if t - (7 + n) * DAY < q["_t"] <= t - 7 * DAY]
                k = len(w)
                result[r["TRANSACTION_ID"]][f"TERMINAL_ID_NB_TX_{n}DAY_WINDOW"] = k
                result[r["TRANSACTION_ID"]][f"TERMINAL_ID_RISK_{n}DAY_WINDOW"] = (
                    sum(q["TX_FRAUD"] for q in w) / k if k else 0.0)
            result[r["TRANSACTION_ID"]].update(terminal_history(term_rows, r))
    return pd.DataFrame([result[i] for i in df["TRANSACTION_ID"]])[ALL_FEATURES]


def compare(df: pd.DataFrame, label: str) -> None:
    fast = compute_features(df)[ALL_FEATURES].reset_index(drop=True)
    slow = brute_force(df)
    bad = []
    for name in ALL_FEATURES:
        a, b = fast[name].to_numpy(np.float64), slow[name].to_numpy(np.float64)
        if not np.array_equal(a, b):  # exact equality, not a tolerance
            bad.append(f"{name}: {int((a != b).sum())} rows differ")
    print(f"{label}: {len(df):,} rows, {len(ALL_FEATURES)} features: " + ("all equal" if not bad else "; ".join(bad)))
    if bad:
        raise SystemExit(1)


def synthetic(rng: np.random.Generator, n: int = 3000) -> pd.DataFrame:
    """Few cards and terminals, times on a coarse grid (so ties and exact window edges are
    frequent), shuffled row order, some zero amounts; terminal 0 has only frauds (so its
    fraud runs reach the 60-day bound) and terminal 1 only frauds after its first 40 days
    (so its last genuine transaction falls out of the bound)."""
    grid = np.array([0, 1, 300, 600, 3600, DAY, 7 * DAY, 8 * DAY, 14 * DAY, 30 * DAY, 37 * DAY,
                     53 * DAY, 60 * DAY, 67 * DAY])
    t0 = pd.Timestamp("2018-04-01").value // 10**9
    secs = t0 + rng.integers(0, 60, n) * 3600 * 24 + rng.choice(grid, n) + rng.integers(0, 3, n) * 300
    amount = np.round(rng.choice([0.0, 0.01, 5.5, 20.0, 99.99, 250.0], n), 2)
    df = pd.DataFrame({
        "TRANSACTION_ID": rng.permutation(n).astype(np.int64),
        "TX_DATETIME": pd.to_datetime(secs, unit="s"),
        "CUSTOMER_ID": rng.integers(0, 12, n).astype(np.int64),
        "TERMINAL_ID": rng.integers(0, 8, n).astype(np.int64),
        "TX_AMOUNT": amount,
        "TX_FRAUD": rng.integers(0, 2, n).astype(np.int8),
    })
    df.loc[df["TERMINAL_ID"] == 0, "TX_FRAUD"] = 1
    df.loc[(df["TERMINAL_ID"] == 1) & (secs >= t0 + 40 * DAY), "TX_FRAUD"] = 1
    return df


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=DEFAULT_DATA)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    compare(synthetic(rng), "synthetic (ties, window edges, zero amounts)")
    df = load_transactions(args.data)
    # Cards sharing a second with another of their transactions, plus random cards, plus
    # every transaction at a few terminals (so terminal windows are full).
    sec = df["TX_DATETIME"].astype("int64")
    tied = df[df.duplicated(["CUSTOMER_ID", "TX_DATETIME"], keep=False)]["CUSTOMER_ID"].unique()
    cards = np.union1d(tied[:10], rng.choice(df["CUSTOMER_ID"].unique(), 10, replace=False))
    terminals = rng.choice(df["TERMINAL_ID"].unique(), 15, replace=False)
    subset = df[df["CUSTOMER_ID"].isin(cards) | df["TERMINAL_ID"].isin(terminals)]
    compare(subset.reset_index(drop=True), f"handbook subset ({len(cards)} cards incl. ties, {len(terminals)} terminals)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
