"""Batch computation of the model's input features.

The service computes the same features online, event by event, in C#
(`Fraud.Orleans.GrainInterfaces.FeatureSchema` / `CardFeatures`); its tests compare
them with this file, so every definition here is the reference one:

- TX_AMOUNT: the amount as recorded.
- TX_DURING_WEEKEND: 1 when TX_DATETIME falls on a Saturday or Sunday.
- TX_DURING_NIGHT: 1 when the hour of TX_DATETIME is <= 6.
- CUSTOMER_ID_NB_TX_nDAY_WINDOW / CUSTOMER_ID_AVG_AMOUNT_nDAY_WINDOW, n in 1, 7, 30:
  count and mean amount of the card's transactions with time in (t - n days, t],
  the current one included. A card's transactions are ordered by
  (TX_DATETIME, TRANSACTION_ID); a transaction with the same timestamp that comes
  later in that order is not in the window, because online it has not arrived yet.
- SECONDS_SINCE_PREVIOUS_TX: seconds since the card's previous transaction in that
  order (0 for a same-second predecessor), -1 for the card's first transaction.

Times come from TX_DATETIME (naive, second resolution), never from wall clocks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WINDOWS_DAYS = (1, 7, 30)
NO_PREVIOUS_TX = -1

FEATURES = [
    "TX_AMOUNT",
    "TX_DURING_WEEKEND",
    "TX_DURING_NIGHT",
    *[
        name
        for n in WINDOWS_DAYS
        for name in (f"CUSTOMER_ID_NB_TX_{n}DAY_WINDOW", f"CUSTOMER_ID_AVG_AMOUNT_{n}DAY_WINDOW")
    ],
    "SECONDS_SINCE_PREVIOUS_TX",
]

_DTYPES = {
    "TRANSACTION_ID": np.int64,
    "CUSTOMER_ID": np.int64,
    "TERMINAL_ID": np.int64,
    "TX_AMOUNT": np.float64,
    "TX_TIME_SECONDS": np.int64,
    "TX_TIME_DAYS": np.int64,
    "TX_FRAUD": np.int8,
    "TX_FRAUD_SCENARIO": np.int8,
}


def load_transactions(path: str) -> pd.DataFrame:
    """Reads the handbook CSV (plain or .gz; pandas infers the compression from the name)."""
    df = pd.read_csv(path, dtype=_DTYPES)
    df["TX_DATETIME"] = pd.to_datetime(df["TX_DATETIME"], format="%Y-%m-%d %H:%M:%S")
    return df


def compute_features(df: pd.DataFrame) -> pd.DataFrame:
    """Returns a copy of `df`, same rows in the same order, with the FEATURES columns added."""
    out = df.copy()
    when = out["TX_DATETIME"]
    out["TX_AMOUNT"] = out["TX_AMOUNT"].astype(np.float64)
    out["TX_DURING_WEEKEND"] = (when.dt.dayofweek >= 5).astype(np.int64)
    out["TX_DURING_NIGHT"] = (when.dt.hour <= 6).astype(np.int64)

    # Whole seconds since the epoch; the data has second resolution, and integer
    # arithmetic keeps window edges exact (no float fuzz at t - n days).
    seconds = when.to_numpy(dtype="datetime64[s]").astype(np.int64)
    customer = out["CUSTOMER_ID"].to_numpy(dtype=np.int64)
    tx_id = out["TRANSACTION_ID"].to_numpy(dtype=np.int64)
    # Amounts carry 2 decimals: summing integer cents makes the window sums exact,
    # so the mean matches an online running sum whatever the summation order.
    cents = np.rint(out["TX_AMOUNT"].to_numpy(dtype=np.float64) * 100).astype(np.int64)

    # Card order: (customer, time, transaction id). lexsort's last key is the primary one.
    order = np.lexsort((tx_id, seconds, customer))
    cust_s, sec_s, cents_s = customer[order], seconds[order], cents[order]
    n = len(order)
    position = np.arange(n, dtype=np.int64)

    # One sorted int64 key per row, customer-major, lets a single searchsorted find each
    # window's first row without crossing into another customer: seconds span far less
    # than 2**40, and a window start before the customer's first row still sorts after
    # every key of the previous customer.
    span = np.int64(1) << np.int64(40)
    base = sec_s.min()
    key = cust_s * span + (sec_s - base)
    cum_cents = np.concatenate(([0], np.cumsum(cents_s)))

    features_sorted = {}
    for days in WINDOWS_DAYS:
        # First row with time > t - n days; rows from it up to the current one (ties
        # after the current row excluded by construction) form the window.
        start = np.searchsorted(key, key - np.int64(days * 86400), side="right")
        count = position - start + 1
        total_cents = cum_cents[position + 1] - cum_cents[start]
        features_sorted[f"CUSTOMER_ID_NB_TX_{days}DAY_WINDOW"] = count
        features_sorted[f"CUSTOMER_ID_AVG_AMOUNT_{days}DAY_WINDOW"] = total_cents / count / 100.0

    since = np.full(n, NO_PREVIOUS_TX, dtype=np.int64)
    same_customer = np.zeros(n, dtype=bool)
    same_customer[1:] = cust_s[1:] == cust_s[:-1]
    since[same_customer] = (sec_s[1:] - sec_s[:-1])[same_customer[1:]]
    features_sorted["SECONDS_SINCE_PREVIOUS_TX"] = since

    # Scatter back to the caller's row order.
    for name, values in features_sorted.items():
        column = np.empty_like(values)
        column[order] = values
        out[name] = column
    return out


if __name__ == "__main__":
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Compute the model features of a transactions file.")
    parser.add_argument("data")
    parser.add_argument("--out", help="write TRANSACTION_ID + features as CSV here")
    args = parser.parse_args()
    started = time.perf_counter()
    frame = compute_features(load_transactions(args.data))
    print(f"{len(frame):,} rows in {time.perf_counter() - started:.1f}s")
    if args.out:
        frame[["TRANSACTION_ID", *FEATURES]].to_csv(args.out, index=False)
    else:
        print(frame[["TRANSACTION_ID", *FEATURES]].head(10).to_string())
