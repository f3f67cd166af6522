"""Second batch of candidate features (research).  -> /tmp/a/cand2.pkl

Terminal, calendar-day versions (labels of the terminal's transactions with time <= t - 7d,
terminal order (TERMINAL_ID, time, TRANSACTION_ID); "day" = date of TX_DATETIME, so the
simulator's 28-day compromise (days D..D+27) is a threshold on an integer):
- TERM_RUN_AGE_DAYS: if the latest labelled transaction is a fraud, day(t) - day(first
  transaction of the trailing run of consecutive frauds); -1 otherwise. O(1) state.
- TERM_GEN_AGE_DAYS: day(t) - day(latest labelled genuine transaction); -1 if none ever.
  O(1) state.
Card persistence variants (see cand.py for RATIO_7_60 / Z_7_60, prev (t-a, t) = the card's
earlier transactions in card order with time > t-a, current excluded):
- MAXR7: max of RATIO_7_60 over prev (t-7d, t); -1 when none.
- MAXZ14: max of Z_7_60 over prev (t-14d, t); -99 when none.
- NBHI7_25 / NBHI7_4: number of prev (t-7d, t) with RATIO_7_60 > 2.5 / > 4.
"""
import time

import numpy as np
import pandas as pd

from cand import window_max

DAY = 86400
SPAN = np.int64(1) << np.int64(40)


def compute(df):
    sec = df["TX_DATETIME"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    cal = df["TX_DATETIME"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    term = df["TERMINAL_ID"].to_numpy(np.int64)
    txid = df["TRANSACTION_ID"].to_numpy(np.int64)
    fraud = df["TX_FRAUD"].to_numpy(np.int64)
    n = len(df)
    pos = np.arange(n, dtype=np.int64)
    o = np.lexsort((txid, sec, term))
    ts, tf, td, tg = sec[o], fraud[o], cal[o], term[o]
    key = tg * SPAN + (ts - ts.min())
    first = np.ones(n, bool)
    first[1:] = tg[1:] != tg[:-1]
    gstart = np.maximum.accumulate(np.where(first, pos, 0))
    last = np.searchsorted(key, key - np.int64(7 * DAY), side="right") - 1
    has = last >= gstart
    li = np.where(has, last, 0)
    lb_gen = np.maximum.accumulate(np.where(tf == 0, pos, -1))
    rs = np.maximum(lb_gen + 1, gstart)
    run_on = has & (tf[li] == 1)
    ra = np.full(n, -1, np.int64)
    ra[run_on] = td[run_on] - td[rs[li[run_on]]]
    g = np.where(has, lb_gen[li], -1)
    okg = has & (g >= gstart)
    ga = np.full(n, -1, np.int64)
    ga[okg] = td[okg] - td[g[okg]]
    out = pd.DataFrame(index=df.index)
    cand = pd.read_pickle("/tmp/a/cand.pkl")
    cust = df["CUSTOMER_ID"].to_numpy(np.int64)
    co = np.lexsort((txid, sec, cust))
    ck = cust[co] * SPAN + (sec[co] - sec.min())
    s7 = np.searchsorted(ck, ck - np.int64(7 * DAY), side="right")
    s14 = np.searchsorted(ck, ck - np.int64(14 * DAY), side="right")
    r = cand.RATIO_7_60.to_numpy()[co]
    z = cand.Z_7_60.to_numpy()[co]
    cvals = {"MAXR7": window_max(r, s7, pos), "MAXZ14": window_max(z, s14, pos, -99.0)}
    for nm, th in (("NBHI7_25", 2.5), ("NBHI7_4", 4.0)):
        h = np.concatenate(([0], np.cumsum(r > th)))
        cvals[nm] = h[pos] - h[s7]
    for name, v in cvals.items():
        col = np.empty_like(v)
        col[co] = v
        out[name] = col
    for name, v in (("TERM_RUN_AGE_DAYS", ra), ("TERM_GEN_AGE_DAYS", ga)):
        col = np.empty_like(v)
        col[o] = v
        out[name] = col
    return out


if __name__ == "__main__":
    t0 = time.time()
    df = pd.read_pickle("/tmp/a/feat.pkl")
    out = compute(df)
    cand = pd.read_pickle("/tmp/a/cand.pkl")
    # consistency with the seconds versions checked by cand.py's brute force
    on = cand.TERM_RUN_LEN.to_numpy() > 0
    assert ((out.TERM_RUN_AGE_DAYS.to_numpy() >= 0) == on).all()
    print(f"{time.time() - t0:.1f}s")
    print(out.describe().T.to_string())
    out.to_pickle("/tmp/a/cand2.pkl")
