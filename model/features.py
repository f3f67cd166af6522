"""Batch computation of the model's input features.

The service computes the same features online, event by event, in C#
(`Fraud.Orleans.GrainInterfaces.FeatureSchema` / `CardFeatures` and the terminal grain);
its tests compare them with this file, so every definition here is the reference one.

Times are whole seconds from TX_DATETIME (naive, second resolution), never wall clocks.
A card's transactions are ordered by (TX_DATETIME, TRANSACTION_ID). "The card's window
(t - X, t]" is the set of the card's transactions with time in that interval that are at
or before the current one in card order: the current one is included, and a transaction
with the same timestamp but a later TRANSACTION_ID is not (online, it has not arrived
yet). A transaction exactly X earlier is not included (open lower bound).

The ten original features (FEATURES):
- TX_AMOUNT: the amount as recorded.
- TX_DURING_WEEKEND: 1 when TX_DATETIME falls on a Saturday or Sunday, else 0.
- TX_DURING_NIGHT: 1 when the hour of TX_DATETIME is <= 6, else 0.
- CUSTOMER_ID_NB_TX_nDAY_WINDOW / CUSTOMER_ID_AVG_AMOUNT_nDAY_WINDOW, n in 1, 7, 30:
  count and mean amount of the card's window (t - n days, t]; the mean is the exact
  sum of integer cents / count / 100.
- SECONDS_SINCE_PREVIOUS_TX: seconds since the card's previous transaction in card
  order (0 for a same-second predecessor), -1 for the card's first transaction.

Terminal features (the handbook's, label delay d = 7 days), over ALL cards'
transactions at the transaction's TERMINAL_ID, selected by time only:
- TERMINAL_ID_NB_TX_nDAY_WINDOW, n in 1, 7, 30: number of transactions at that terminal
  with time in (t - (7 + n) days, t - 7 days].
- TERMINAL_ID_RISK_nDAY_WINDOW: number of those with TX_FRAUD == 1 divided by that
  count (float64); 0 when the count is 0.

Our own card features:
- CUSTOMER_ID_NB_TX_10MIN_WINDOW: count of the card's window (t - 600 s, t].
- CUSTOMER_ID_NB_TX_1HOUR_WINDOW: count of the card's window (t - 3600 s, t].
- AMOUNT_TO_CUSTOMER_AVG_30DAY: with m and S the count and the integer-cents sum of the
  card's 30-day window EXCLUDING the current transaction (m = NB_TX_30DAY - 1,
  S = 30-day cents sum - current cents): float64(cents * m) / float64(S), the numerator
  and denominator computed in integers, one float64 division. -1 when m == 0, and -1
  when S == 0 (all previous amounts 0).
- CUSTOMER_ID_NB_TERMINALS_1DAY_WINDOW: number of distinct TERMINAL_IDs in the card's
  1-day window (current included).
- TERMINAL_FIRST_USE_BY_CUSTOMER: 1 if none of the card's transactions in its 30-day
  window excluding the current one (the set counted by m above) is at the current
  TERMINAL_ID, else 0.

History features (issue 3), in HISTORY_FEATURES order. day(x) is the calendar date of x
as a day number (naive timestamps, so whole days since 1970-01-01).

Terminal history: "labelled" transactions are all cards' transactions at the TERMINAL_ID
with time in (t - 67 days, t - 7 days]: the same 7-day label delay as the terminal risk,
and at most 60 days of labelled history, so that a terminal grain keeping a bounded
timeline computes them exactly. They are taken in terminal order (time, TRANSACTION_ID).
The trailing fraud run is the longest run of consecutive frauds (TX_FRAUD == 1) that ends
with the latest labelled transaction; a run that reaches the lower bound (every labelled
transaction a fraud) starts at the earliest labelled transaction.
- TERM_RUN_AGE_DAYS: day(t) - day(first transaction of the trailing fraud run); -1 when
  there is no run (nothing labelled, or the latest labelled transaction is genuine).
- TERM_GEN_AGE_DAYS: day(t) - day(latest labelled genuine transaction); -1 when none is
  labelled.
- TERM_RUN_LEN: number of transactions in the trailing fraud run; 0 when there is none.
- TERM_LAST_GENUINE_AGE: t - time of the latest labelled genuine transaction, in seconds;
  -1 when none is labelled, or when that age exceeds 60 days (5,184,000 s).

Card amount history. For a transaction j of the card at time t_j, with m, S and Q the
count, the integer-cents sum and the sum of squared cents of the card's transactions with
time in (t_j - 60 days, t_j - 7 days] (never j itself, nor anything after it):
- R(j) = float64(cents_j * m) / float64(S) (integers, one division, as
  AMOUNT_TO_CUSTOMER_AVG_30DAY); -1 when m == 0 or S == 0.
- Z(j) = float64(cents_j * m - S) / sqrt(float64(m * Q - S * S)), i.e. (amount - mean) /
  population standard deviation; -99 when m < 2 or m * Q - S * S == 0 (no spread).
  Integers are int64 (checked not to overflow); on the handbook data m * Q < 2**53, so
  the conversions are exact.
"The card's earlier transactions within X" are the card's transactions before the current
one in card order (same-second ones with a lower TRANSACTION_ID included, the current one
excluded) with time in (t - X, t].
- MAXR14: the largest R(j) over the card's earlier transactions within 14 days (each R(j)
  as computed at its own time t_j); -1 when there are none.
- NBHI7: number of the card's earlier transactions within 7 days with R(j) > 3.
- MAXZ14: the largest of -99 and the Z(j) of the card's earlier transactions within 14
  days: -99 when there are none, and a Z below -99 (a tiny amount against a very steady
  card; 29 transactions of the handbook file) counts as -99 (as the research computed it).
- Z_7_60: Z of the current transaction.
So a card grain needs its own last 60 days (plus the allowed lateness), each transaction
stored with its R and Z.

ALL_FEATURES lists every column computed here: FEATURES, then TERMINAL_FEATURES, then
OWN_FEATURES, then HISTORY_FEATURES. The model uses a subset, in the order given by
fraud-model.json.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WINDOWS_DAYS = (1, 7, 30)
TERMINAL_DELAY_DAYS = 7
NO_PREVIOUS_TX = -1
NO_AVERAGE = -1.0
DAY = 86400

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

TERMINAL_FEATURES = [
    name
    for n in WINDOWS_DAYS
    for name in (f"TERMINAL_ID_NB_TX_{n}DAY_WINDOW", f"TERMINAL_ID_RISK_{n}DAY_WINDOW")
]

OWN_FEATURES = [
    "CUSTOMER_ID_NB_TX_10MIN_WINDOW",
    "CUSTOMER_ID_NB_TX_1HOUR_WINDOW",
    "AMOUNT_TO_CUSTOMER_AVG_30DAY",
    "CUSTOMER_ID_NB_TERMINALS_1DAY_WINDOW",
    "TERMINAL_FIRST_USE_BY_CUSTOMER",
]

# Issue 3's features, in the order the model was selected with (model/research/FINDINGS.md).
HISTORY_FEATURES = [
    "TERM_RUN_AGE_DAYS",
    "TERM_GEN_AGE_DAYS",
    "TERM_RUN_LEN",
    "MAXR14",
    "NBHI7",
    "MAXZ14",
    "Z_7_60",
    "TERM_LAST_GENUINE_AGE",
]

ALL_FEATURES = [*FEATURES, *TERMINAL_FEATURES, *OWN_FEATURES, *HISTORY_FEATURES]

HISTORY_DAYS = 60          # longest look-back of the history features (card and terminal)
HIGH_RATIO = 3.0           # NBHI7: R(j) above this
NO_RATIO = -1.0            # R, MAXR14 without anything to compare with
NO_ZSCORE = -99.0          # Z, MAXZ14 without a spread to compare with
NO_AGE = -1                # TERM_*_AGE* without the transaction they date

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


def _group_keys(group: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """One sorted-compatible int64 key per row, group-major. A single searchsorted on it
    finds window bounds without crossing into another group: seconds span far less than
    2**40, so a bound before a group's first row still sorts after every key of the
    previous group."""
    span = np.int64(1) << np.int64(40)
    return group * span + (seconds - seconds.min())


def compute_features(df: pd.DataFrame) -> pd.DataFrame:
    """Returns a copy of `df`, same rows in the same order, with the ALL_FEATURES columns added."""
    out = df.copy()
    when = out["TX_DATETIME"]
    out["TX_AMOUNT"] = out["TX_AMOUNT"].astype(np.float64)
    out["TX_DURING_WEEKEND"] = (when.dt.dayofweek >= 5).astype(np.int64)
    out["TX_DURING_NIGHT"] = (when.dt.hour <= 6).astype(np.int64)

    # Whole seconds since the epoch; the data has second resolution, and integer
    # arithmetic keeps window edges exact (no float fuzz at t - n days).
    seconds = when.to_numpy(dtype="datetime64[s]").astype(np.int64)
    customer = out["CUSTOMER_ID"].to_numpy(dtype=np.int64)
    terminal = out["TERMINAL_ID"].to_numpy(dtype=np.int64)
    tx_id = out["TRANSACTION_ID"].to_numpy(dtype=np.int64)
    fraud = out["TX_FRAUD"].to_numpy(dtype=np.int64)
    # Amounts carry 2 decimals: summing integer cents makes the window sums exact,
    # so the mean matches an online running sum whatever the summation order.
    cents = np.rint(out["TX_AMOUNT"].to_numpy(dtype=np.float64) * 100).astype(np.int64)
    n = len(out)
    position = np.arange(n, dtype=np.int64)

    # ---- Card features. Card order: (customer, time, transaction id); lexsort's last key
    # is the primary one.
    order = np.lexsort((tx_id, seconds, customer))
    cust_s, sec_s, cents_s, term_s = customer[order], seconds[order], cents[order], terminal[order]
    key = _group_keys(cust_s, sec_s)
    cum_cents = np.concatenate(([0], np.cumsum(cents_s)))

    def window_start(width_seconds: int) -> np.ndarray:
        # First row with time > t - width; rows from it up to the current one (ties after
        # the current row excluded by construction) form the card's window.
        return np.searchsorted(key, key - np.int64(width_seconds), side="right")

    sorted_values = {}
    starts = {}
    for days in WINDOWS_DAYS:
        start = window_start(days * DAY)
        starts[days] = start
        count = position - start + 1
        total_cents = cum_cents[position + 1] - cum_cents[start]
        sorted_values[f"CUSTOMER_ID_NB_TX_{days}DAY_WINDOW"] = count
        sorted_values[f"CUSTOMER_ID_AVG_AMOUNT_{days}DAY_WINDOW"] = total_cents / count / 100.0

    since = np.full(n, NO_PREVIOUS_TX, dtype=np.int64)
    same_customer = np.zeros(n, dtype=bool)
    same_customer[1:] = cust_s[1:] == cust_s[:-1]
    since[same_customer] = (sec_s[1:] - sec_s[:-1])[same_customer[1:]]
    sorted_values["SECONDS_SINCE_PREVIOUS_TX"] = since

    sorted_values["CUSTOMER_ID_NB_TX_10MIN_WINDOW"] = position - window_start(600) + 1
    sorted_values["CUSTOMER_ID_NB_TX_1HOUR_WINDOW"] = position - window_start(3600) + 1

    # Amount relative to the mean of the card's previous 30 days: integers, one division.
    start30 = starts[30]
    m = position - start30  # 30-day count excluding the current transaction
    s_prev = cum_cents[position] - cum_cents[start30]  # their cents sum
    ratio = np.full(n, NO_AVERAGE, dtype=np.float64)
    ok = (m > 0) & (s_prev != 0)
    ratio[ok] = (cents_s[ok] * m[ok]).astype(np.float64) / s_prev[ok].astype(np.float64)
    sorted_values["AMOUNT_TO_CUSTOMER_AVG_30DAY"] = ratio

    # Previous row (in card order) of the same card at the same terminal, -1 if none.
    by_terminal = np.lexsort((position, term_s, cust_s))
    same_pair = np.zeros(n, dtype=bool)
    same_pair[1:] = (cust_s[by_terminal[1:]] == cust_s[by_terminal[:-1]]) & (
        term_s[by_terminal[1:]] == term_s[by_terminal[:-1]])
    prev_same_terminal = np.full(n, -1, dtype=np.int64)
    prev_same_terminal[by_terminal[1:][same_pair[1:]]] = by_terminal[:-1][same_pair[1:]]

    # First use: the latest earlier visit to this terminal is outside the 30-day window.
    sorted_values["TERMINAL_FIRST_USE_BY_CUSTOMER"] = (prev_same_terminal < start30).astype(np.int64)

    # Distinct terminals in the 1-day window [start1, i]: row j of the window counts when
    # it is its terminal's first occurrence in the window, i.e. its previous visit to the
    # same terminal is before start1. Windows are short, so loop over the offset i - j.
    start1 = starts[1]
    distinct = np.zeros(n, dtype=np.int64)
    longest = int((position - start1).max()) + 1 if n else 0
    for offset in range(longest):
        rows = position[offset:]  # i, with j = i - offset >= 0
        j = rows - offset
        inside = j >= start1[rows]
        distinct[rows] += (inside & (prev_same_terminal[j] < start1[rows])).astype(np.int64)
    sorted_values["CUSTOMER_ID_NB_TERMINALS_1DAY_WINDOW"] = distinct

    # Amount history: R and Z of every transaction against its card's (t - 60 d, t - 7 d];
    # those rows all precede it in card order, so prefix sums give m, S and Q.
    cum_squares = np.concatenate(([0], np.cumsum(cents_s * cents_s)))
    history_start = window_start(HISTORY_DAYS * DAY)
    delayed_end = starts[7]  # first row after t - 7 days
    m = delayed_end - history_start
    s_hist = cum_cents[delayed_end] - cum_cents[history_start]
    q_hist = cum_squares[delayed_end] - cum_squares[history_start]
    amount_ratio = _ratio(cents_s, m, s_hist)
    amount_z = _zscore(cents_s, m, s_hist, q_hist)
    # Earlier transactions within 7 and 14 days: rows [start, position), current excluded.
    start14 = window_start(14 * DAY)
    sorted_values["MAXR14"] = _window_max(amount_ratio, start14, position, NO_RATIO)
    sorted_values["MAXZ14"] = _window_max(amount_z, start14, position, NO_ZSCORE)
    high = np.concatenate(([0], np.cumsum(amount_ratio > HIGH_RATIO)))
    sorted_values["NBHI7"] = high[position] - high[starts[7]]
    sorted_values["Z_7_60"] = amount_z

    # Scatter back to the caller's row order.
    for name, values in sorted_values.items():
        column = np.empty_like(values)
        column[order] = values
        out[name] = column

    # ---- Terminal features: all cards' transactions at the terminal, by time only.
    t_order = np.lexsort((seconds, terminal))
    t_key = _group_keys(terminal[t_order], seconds[t_order])
    cum_fraud = np.concatenate(([0], np.cumsum(fraud[t_order])))
    # Rows with time <= t - delay: the window's (exclusive) end in terminal order.
    end = np.searchsorted(t_key, t_key - np.int64(TERMINAL_DELAY_DAYS * DAY), side="right")
    for days in WINDOWS_DAYS:
        begin = np.searchsorted(t_key, t_key - np.int64((TERMINAL_DELAY_DAYS + days) * DAY), side="right")
        count = end - begin
        frauds = cum_fraud[end] - cum_fraud[begin]
        risk = np.zeros(n, dtype=np.float64)
        has = count > 0
        risk[has] = frauds[has] / count[has]
        for name, values in ((f"TERMINAL_ID_NB_TX_{days}DAY_WINDOW", count),
                             (f"TERMINAL_ID_RISK_{days}DAY_WINDOW", risk)):
            column = np.empty_like(values)
            column[t_order] = values
            out[name] = column

    for name, values in _terminal_history(seconds, terminal, tx_id, fraud).items():
        out[name] = values
    return out


def _ratio(cents: np.ndarray, m: np.ndarray, s: np.ndarray) -> np.ndarray:
    """R: float64(cents * m) / float64(S), -1 when m == 0 or S == 0."""
    out = np.full(len(cents), NO_RATIO, dtype=np.float64)
    ok = (m > 0) & (s != 0)
    out[ok] = (cents[ok] * m[ok]).astype(np.float64) / s[ok].astype(np.float64)
    return out


def _zscore(cents: np.ndarray, m: np.ndarray, s: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Z: float64(cents * m - S) / sqrt(float64(m * Q - S * S)), -99 when m < 2 or no spread."""
    # int64 products: refuse data on which they could overflow rather than compute garbage.
    if len(cents) and (float(np.max(m)) * float(np.max(q)) >= 2.0**62 or float(np.max(np.abs(s))) >= 2.0**31):
        raise ValueError("amounts too large for exact int64 Z scores")
    out = np.full(len(cents), NO_ZSCORE, dtype=np.float64)
    radicand = m * q - s * s
    ok = (m >= 2) & (radicand != 0)
    out[ok] = (cents[ok] * m[ok] - s[ok]).astype(np.float64) / np.sqrt(radicand[ok].astype(np.float64))
    return out


def _window_max(values: np.ndarray, start: np.ndarray, stop: np.ndarray, empty: float) -> np.ndarray:
    """max(values[start:stop]) per row, `empty` when start == stop. Windows hold a few dozen
    rows at most, so loop over the offset from stop instead of over rows."""
    out = np.full(len(values), empty, dtype=np.float64)
    longest = int((stop - start).max()) if len(values) else 0
    for offset in range(1, longest + 1):
        j = stop - offset
        inside = j >= start
        out[inside] = np.maximum(out[inside], values[j[inside]])
    return out


def _terminal_history(seconds: np.ndarray, terminal: np.ndarray, tx_id: np.ndarray,
                      fraud: np.ndarray) -> dict[str, np.ndarray]:
    """The TERM_* history features, in the caller's row order."""
    n = len(seconds)
    order = np.lexsort((tx_id, seconds, terminal))  # terminal order: (time, TRANSACTION_ID)
    t, f = seconds[order], fraud[order]
    day = t // DAY
    key = _group_keys(terminal[order], t)
    position = np.arange(n, dtype=np.int64)
    delay = np.int64(TERMINAL_DELAY_DAYS * DAY)
    # Labelled rows of row i: [low, end), time in (t - 67 d, t - 7 d], never another terminal's.
    end = np.searchsorted(key, key - delay, side="right")
    low = np.searchsorted(key, key - delay - np.int64(HISTORY_DAYS * DAY), side="right")
    latest = np.maximum(end - 1, 0)
    labelled = end > low
    # Latest genuine row at or before each row (any terminal; compared with `low` below).
    genuine_upto = np.maximum.accumulate(np.where(f == 0, position, -1))
    genuine = np.where(labelled, genuine_upto[latest], -1)
    has_genuine = labelled & (genuine >= low)
    in_run = labelled & (f[latest] == 1)
    run_start = np.maximum(genuine + 1, low)  # a run reaching the bound starts at its first labelled row

    run_age = np.full(n, NO_AGE, dtype=np.int64)
    run_age[in_run] = day[in_run] - day[run_start[in_run]]
    run_length = np.zeros(n, dtype=np.int64)
    run_length[in_run] = latest[in_run] - run_start[in_run] + 1
    genuine_days = np.full(n, NO_AGE, dtype=np.int64)
    genuine_days[has_genuine] = day[has_genuine] - day[genuine[has_genuine]]
    genuine_seconds = np.full(n, NO_AGE, dtype=np.int64)
    genuine_seconds[has_genuine] = t[has_genuine] - t[genuine[has_genuine]]
    genuine_seconds[genuine_seconds > HISTORY_DAYS * DAY] = NO_AGE

    result = {}
    for name, values in (("TERM_RUN_AGE_DAYS", run_age), ("TERM_GEN_AGE_DAYS", genuine_days),
                         ("TERM_RUN_LEN", run_length), ("TERM_LAST_GENUINE_AGE", genuine_seconds)):
        column = np.empty_like(values)
        column[order] = values
        result[name] = column
    return result


if __name__ == "__main__":
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Compute the model features of a transactions file.")
    parser.add_argument("data")
    parser.add_argument("--out", help="write TRANSACTION_ID + ALL_FEATURES as CSV here (full precision)")
    args = parser.parse_args()
    started = time.perf_counter()
    frame = compute_features(load_transactions(args.data))
    print(f"{len(frame):,} rows in {time.perf_counter() - started:.1f}s")
    if args.out:
        frame[["TRANSACTION_ID", *ALL_FEATURES]].to_csv(args.out, index=False, float_format="%.17g",
                                                        lineterminator="\n")
    else:
        print(frame[["TRANSACTION_ID", *ALL_FEATURES]].head(10).to_string())
