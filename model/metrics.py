"""Detection metrics over a window of whole days, as the service's `./fraud evaluate` computes them.

Definitions (the C# side replicates exactly these):

- Window: transactions whose calendar day (date of TX_DATETIME) is in [first_day, last_day].
- Known compromised cards: a card is known compromised on day T when it has a transaction
  with TX_FRAUD == 1 dated on/after `known_from` and on a calendar day <= T - 8 (the label
  arrives 7 days later, so it is known before day T starts; the handbook's
  get_train_test_set). By default `known_from` is the window's first day - 14 days: the
  handbook's setup (a 7-day training window, then the 7-day delay before the test days),
  the definition its yardstick figures were computed with. `known_from="all"` counts the
  frauds of the whole history instead (the definition used before issue 3: on
  2018-07-18..07-31 it removes ~60% of the transactions, and even a perfect score gets
  CP@100 0.167); a date counts frauds from that day on. On each day T, the transactions
  of cards known compromised on T are removed.
- AUC ROC and average precision (sklearn roc_auc_score, average_precision_score) over all
  remaining transactions of the window.
- CP@k (k = 100): for each day T of the window in ascending order: take the remaining
  transactions of T, also remove cards already detected (cards that were in an earlier
  day's top k AND had a fraud that day: the handbook's remove_detected_compromised_cards),
  group by card taking the max score and the max TX_FRAUD, sort by descending score
  (ties: ascending CUSTOMER_ID), take the first k cards; precision = frauds among them / k.
  CP@k is the mean over the days of the window that have transactions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, roc_auc_score

LABEL_DELAY_DAYS = 7
TOP_K = 100
# The handbook's setup: frauds of its 7-day training window, which ends 7 days (the label
# delay) before the first evaluated day, make a card known compromised.
KNOWN_FROM_DAYS_BEFORE = 14
WHOLE_HISTORY = "all"


def calendar_day(df: pd.DataFrame) -> np.ndarray:
    """Days since 1970-01-01 of TX_DATETIME's date, int64."""
    return df["TX_DATETIME"].to_numpy(dtype="datetime64[D]").astype(np.int64)


def _as_day(value) -> int:
    return int(np.datetime64(pd.Timestamp(value).date(), "D").astype(np.int64))


def known_from_day(first_day, known_from=None):
    """The first day whose frauds count (a datetime.date), or None for the whole history:
    `known_from` None means the default, first_day - 14 days; "all" the whole history."""
    if isinstance(known_from, str) and known_from == WHOLE_HISTORY:
        return None
    if known_from is None:
        return pd.Timestamp(first_day).date() - dt.timedelta(days=KNOWN_FROM_DAYS_BEFORE)
    return pd.Timestamp(known_from).date()


def first_fraud_day(history: pd.DataFrame, known_from=None) -> pd.Series:
    """Per card, the first calendar day with a fraud (on/after the date `known_from`; all
    of them when it is None)."""
    day = calendar_day(history)
    fraud = history["TX_FRAUD"].to_numpy() == 1
    if known_from is not None:
        fraud &= day >= _as_day(known_from)
    return pd.Series(day[fraud]).groupby(history["CUSTOMER_ID"].to_numpy()[fraud]).min()


def known_compromised(window: pd.DataFrame, history: pd.DataFrame, known_from=None) -> np.ndarray:
    """Boolean mask of `window` rows whose card is known compromised on the row's day, with
    frauds on/after the date `known_from` (all of them when it is None)."""
    first = first_fraud_day(history, known_from)
    first_day = window["CUSTOMER_ID"].map(first).to_numpy(dtype=np.float64)  # NaN: never
    return calendar_day(window) >= first_day + LABEL_DELAY_DAYS + 1  # NaN compares False


def card_precision_top_k(day: np.ndarray, card: np.ndarray, fraud: np.ndarray, score: np.ndarray,
                         top_k: int = TOP_K) -> tuple[float, list[float]]:
    """Mean daily card precision@k with already-detected cards removed; also the daily values."""
    detected: set[int] = set()
    daily = []
    for d in np.unique(day):
        sel = day == d
        frame = pd.DataFrame({"card": card[sel], "fraud": fraud[sel], "score": score[sel]})
        if detected:
            frame = frame[~frame["card"].isin(detected)]
        per_card = frame.groupby("card", sort=True).agg(score=("score", "max"), fraud=("fraud", "max"))
        cards = per_card.index.to_numpy()
        s, f = per_card["score"].to_numpy(), per_card["fraud"].to_numpy()
        # Descending score, ties by ascending card id (lexsort: last key is primary).
        top = np.lexsort((cards, -s))[:top_k]
        hits = cards[top][f[top] == 1]
        daily.append(len(hits) / top_k)
        detected.update(int(c) for c in hits)
    return (float(np.mean(daily)) if daily else float("nan")), daily


def evaluate(history: pd.DataFrame, scores: np.ndarray, first_day, last_day, known_from=None,
             top_k: int = TOP_K) -> dict:
    """Metrics of `scores` (one per row of `history`) over the window [first_day, last_day].

    `history` is the whole file (it provides the labels for the known-compromised cards);
    only its rows in the window are scored. `known_from`: None (first_day - 14 days, the
    handbook's setup), "all" (the whole history) or a date."""
    scores = np.asarray(scores, dtype=np.float64)
    day = calendar_day(history)
    in_window = (day >= _as_day(first_day)) & (day <= _as_day(last_day))
    window = history[in_window]
    since = known_from_day(first_day, known_from)
    known = known_compromised(window, history, since)
    keep = ~known
    y = window["TX_FRAUD"].to_numpy()[keep]
    s = scores[in_window][keep]
    cp, daily = card_precision_top_k(day[in_window][keep], window["CUSTOMER_ID"].to_numpy()[keep], y, s, top_k)
    return {
        "from": str(pd.Timestamp(first_day).date()),
        "to": str(pd.Timestamp(last_day).date()),
        "known_from": WHOLE_HISTORY if since is None else str(since),
        "rows": int(in_window.sum()),
        "removed_known_compromised": int(known.sum()),
        "rows_scored": int(keep.sum()),
        "frauds_scored": int(y.sum()),
        "auc": float(roc_auc_score(y, s)),
        "average_precision": float(average_precision_score(y, s)),
        f"cp_at_{top_k}": cp,
    }
