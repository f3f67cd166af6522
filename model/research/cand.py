"""Candidate features for issue 3 (research only; not used by the service).

    /usr/bin/python3 model/research/cand.py [--check]   -> /tmp/a/cand.pkl

Conventions as model/features.py: whole seconds from TX_DATETIME; card order
(CUSTOMER_ID, time, TRANSACTION_ID); amounts as integer cents. "(t-a, t-b]" = the card's
transactions with time in that interval (b > 0: the current transaction and everything
after t-b are excluded). "prev (t-a, t)" = the card's transactions before the current one
in card order with time > t-a (same-second predecessors included, the current excluded).

Card features (card state: its own transactions of the last 60 days at most):
- RATIO_7_37 / RATIO_7_60: cents * m / S over (t-37d, t-7d] / (t-60d, t-7d]
  (m count, S integer cents sum; integer numerator and denominator, one float64 division);
  -1 when m == 0 or S == 0.
- RATIO_60: same over prev (t-60d, t).
- Z_7_60 / Z_60: (cents*m - S) / sqrt(m*Q - S*S) over (t-60d, t-7d] / prev (t-60d, t),
  Q = integer sum of cents^2 (= (amount - mean) / population std); -99 when m < 2 or the
  radicand is 0 (no spread).
- RATIO_MED15: cents / lower median (sorted[(k-1)//2]) of the cents of the k <= 15 most
  recent transactions of prev (t-60d, t); -1 when k == 0 or the median is 0.
- MAXR14: max of RATIO_7_60 over the card's prev (t-14d, t) (their own values, computed
  at their own times); -1 when none.
- NBHI7 / NBHI14: number of the card's prev (t-7d, t) / prev (t-14d, t) transactions whose
  RATIO_7_60 > 3.
- MAXRM14: max of RATIO_MED15 over prev (t-14d, t); -1 when none.
Terminal features (labels of all cards at the terminal with time <= t - 7d, terminal order
(TERMINAL_ID, time, TRANSACTION_ID); O(1) extra state per terminal for the run features):
- TERM_RUN_AGE: if the terminal's latest labelled transaction (time <= t-7d) is a fraud,
  t - time of the first transaction of the trailing run of consecutive frauds, in seconds;
  -1 otherwise (no labelled transaction, or the latest is genuine).
- TERM_RUN_LEN: number of transactions in that trailing fraud run (0 if none).
- TERM_FIRST_FRAUD_AGE30 / TERM_LAST_FRAUD_AGE30: t - time of the first / last fraud with
  time in (t-37d, t-7d], seconds; -1 when none.
- TERM_LAST_GENUINE_AGE: t - time of the latest genuine labelled transaction with time
  <= t-7d, seconds; -1 when none, or when that age exceeds 60 days (5,184,000 s).
"""
from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

DAY = 86400
SPAN = np.int64(1) << np.int64(40)


def gkey(group, sec):
    return group * SPAN + (sec - sec.min())


def ratio(c, m, s):
    out = np.full(len(c), -1.0)
    ok = (m > 0) & (s != 0)
    out[ok] = (c[ok] * m[ok]).astype(np.float64) / s[ok].astype(np.float64)
    return out


def zscore(c, m, s, q):
    out = np.full(len(c), -99.0)
    rad = m * q - s * s
    ok = (m >= 2) & (rad > 0)
    out[ok] = (c[ok] * m[ok] - s[ok]).astype(np.float64) / np.sqrt(rad[ok].astype(np.float64))
    return out


def window_max(values, start, stop, fill=-1.0):
    """max(values[start:stop]) per row (start <= stop), fill when empty. Windows are short."""
    n = len(values)
    out = np.full(n, fill)
    longest = int((stop - start).max()) if n else 0
    for off in range(1, longest + 1):
        j = stop - off
        inside = j >= start
        out[inside] = np.maximum(out[inside], values[j[inside]])
    return out


def compute(df: pd.DataFrame) -> pd.DataFrame:
    sec = df["TX_DATETIME"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    cust = df["CUSTOMER_ID"].to_numpy(np.int64)
    term = df["TERMINAL_ID"].to_numpy(np.int64)
    txid = df["TRANSACTION_ID"].to_numpy(np.int64)
    fraud = df["TX_FRAUD"].to_numpy(np.int64)
    cents = np.rint(df["TX_AMOUNT"].to_numpy(np.float64) * 100).astype(np.int64)
    n = len(df)
    pos = np.arange(n, dtype=np.int64)
    vals = {}

    # ---------------- card features
    order = np.lexsort((txid, sec, cust))
    c = cents[order]
    key = gkey(cust[order], sec[order])
    cs = np.concatenate(([0], np.cumsum(c)))
    cq = np.concatenate(([0], np.cumsum(c * c)))

    def bound(delta):  # first row with time > t - delta
        return np.searchsorted(key, key - np.int64(delta), side="right")

    s60, s37, s14, s7 = bound(60 * DAY), bound(37 * DAY), bound(14 * DAY), bound(7 * DAY)
    e7 = s7  # rows with time <= t-7d end here (exclusive)

    def agg(a, b):
        return b - a, cs[b] - cs[a], cq[b] - cq[a]

    m, s, q = agg(s37, np.maximum(e7, s37))
    vals["RATIO_7_37"] = ratio(c, m, s)
    m, s, q = agg(s60, np.maximum(e7, s60))
    vals["RATIO_7_60"] = ratio(c, m, s)
    vals["Z_7_60"] = zscore(c, m, s, q)
    m, s, q = agg(s60, pos)
    vals["RATIO_60"] = ratio(c, m, s)
    vals["Z_60"] = zscore(c, m, s, q)

    # lower median of the last <= 15 previous within 60 days
    N = 15
    lo = np.maximum(s60, pos - N)
    k = pos - lo
    mat = np.full((n, N), np.iinfo(np.int64).max, dtype=np.int64)
    for off in range(1, N + 1):
        j = pos - off
        inside = j >= lo
        mat[inside, off - 1] = c[j[inside]]
    mat.sort(axis=1)
    med = np.zeros(n, dtype=np.int64)
    has = k > 0
    med[has] = mat[has, (k[has] - 1) // 2]
    r = np.full(n, -1.0)
    ok = has & (med != 0)
    r[ok] = c[ok].astype(np.float64) / med[ok].astype(np.float64)
    vals["RATIO_MED15"] = r

    r760 = vals["RATIO_7_60"]
    vals["MAXR14"] = window_max(r760, s14, pos)
    vals["MAXRM14"] = window_max(vals["RATIO_MED15"], s14, pos)
    hi = np.concatenate(([0], np.cumsum(r760 > 3)))
    vals["NBHI7"] = hi[pos] - hi[s7]
    vals["NBHI14"] = hi[pos] - hi[s14]

    out = pd.DataFrame(index=df.index)
    for name, v in vals.items():
        col = np.empty_like(v)
        col[order] = v
        out[name] = col

    # ---------------- terminal features
    t_order = np.lexsort((txid, sec, term))
    ts, tf = sec[t_order], fraud[t_order]
    tkey = gkey(term[t_order], ts)
    tgrp = term[t_order]
    first_of_group = np.ones(n, dtype=bool)
    first_of_group[1:] = tgrp[1:] != tgrp[:-1]
    # labelled rows: time <= t - 7d  -> [group start, end)
    end = np.searchsorted(tkey, tkey - np.int64(7 * DAY), side="right")
    gstart = np.maximum.accumulate(np.where(first_of_group, pos, 0))
    last = end - 1
    has_lab = last >= gstart
    # trailing run start: index after the latest non-fraud row (within group)
    # start of consecutive fraud run ending at i
    lb_gen = np.maximum.accumulate(np.where(tf == 0, pos, -1))
    rs = np.maximum(lb_gen + 1, gstart)  # first row of the fraud run containing i (if tf[i]==1)
    age = np.full(n, -1, dtype=np.int64)
    rlen = np.zeros(n, dtype=np.int64)
    li = np.where(has_lab, last, 0)
    run_on = has_lab & (tf[li] == 1)
    age[run_on] = ts[run_on] - ts[rs[li[run_on]]]
    rlen[run_on] = li[run_on] - rs[li[run_on]] + 1
    tvals = {"TERM_RUN_AGE": age, "TERM_RUN_LEN": rlen}

    # first/last fraud in (t-37d, t-7d]
    begin = np.searchsorted(tkey, tkey - np.int64(37 * DAY), side="right")
    cf = np.concatenate(([0], np.cumsum(tf)))
    nf = cf[end] - cf[begin]
    # index of first fraud at/after begin: via next-fraud pointer
    nxt = np.full(n + 1, n, dtype=np.int64)
    fr_idx = np.where(tf == 1, pos, n)
    nxt[:n] = np.minimum.accumulate(fr_idx[::-1])[::-1]
    prv = np.maximum.accumulate(np.where(tf == 1, pos, -1))
    ff = np.full(n, -1, dtype=np.int64)
    lf = np.full(n, -1, dtype=np.int64)
    w = nf > 0
    ff[w] = ts[w] - ts[nxt[begin[w]]]
    lf[w] = ts[w] - ts[prv[end[w] - 1]]
    tvals["TERM_FIRST_FRAUD_AGE30"] = ff
    tvals["TERM_LAST_FRAUD_AGE30"] = lf
    # latest genuine labelled, within (t-67d, t-7d]
    prg = np.maximum.accumulate(np.where(tf == 0, pos, -1))
    lg = np.full(n, -1, dtype=np.int64)
    cand = np.where(has_lab, prg[li], -1)
    okg = has_lab & (cand >= gstart)
    lg[okg] = ts[okg] - ts[cand[okg]]
    lg[(lg > 60 * DAY)] = -1
    tvals["TERM_LAST_GENUINE_AGE"] = lg
    for name, v in tvals.items():
        col = np.empty_like(v)
        col[t_order] = v
        out[name] = col
    return out


def brute_check(df, out, rows=400, seed=0):
    """Brute-force recomputation of every feature on random rows."""
    rng = np.random.default_rng(seed)
    sec = df["TX_DATETIME"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    cents = np.rint(df["TX_AMOUNT"].to_numpy() * 100).astype(np.int64)
    cust = df["CUSTOMER_ID"].to_numpy(); term = df["TERMINAL_ID"].to_numpy()
    txid = df["TRANSACTION_ID"].to_numpy(); fraud = df["TX_FRAUD"].to_numpy()
    bycard = {}
    byterm = {}
    idx = rng.choice(len(df), rows, replace=False)
    special = np.where((out["TERM_RUN_LEN"].to_numpy() > 0) | (out["NBHI14"].to_numpy() > 0))[0]
    idx = np.concatenate((idx, rng.choice(special, rows, replace=False)))
    for i in idx:
        if cust[i] not in bycard:
            ii = np.where(cust == cust[i])[0]
            ii = ii[np.lexsort((txid[ii], sec[ii]))]
            bycard[cust[i]] = ii
        if term[i] not in byterm:
            jj = np.where(term == term[i])[0]
            jj = jj[np.lexsort((txid[jj], sec[jj]))]
            byterm[term[i]] = jj

    def r760_of(j, ii):
        t = sec[j]
        sel = ii[(sec[ii] > t - 60 * DAY) & (sec[ii] <= t - 7 * DAY)]
        m, s = len(sel), int(cents[sel].sum())
        return -1.0 if m == 0 or s == 0 else float(cents[j] * m) / float(s)

    def rmed_of(j, ii):
        p = int(np.where(ii == j)[0][0])
        prev = ii[:p]
        prev = prev[sec[prev] > sec[j] - 60 * DAY][-15:]
        if len(prev) == 0:
            return -1.0
        med = int(np.sort(cents[prev])[(len(prev) - 1) // 2])
        return -1.0 if med == 0 else cents[j] / med

    bad = 0
    for i in idx:
        ii = bycard[cust[i]]
        p = int(np.where(ii == i)[0][0])
        t = sec[i]
        prev = ii[:p]
        exp = {}
        for name, a, b in (("RATIO_7_37", 37, 7), ("RATIO_7_60", 60, 7)):
            sel = ii[(sec[ii] > t - a * DAY) & (sec[ii] <= t - b * DAY)]
            m, s = len(sel), int(cents[sel].sum())
            exp[name] = -1.0 if m == 0 or s == 0 else float(cents[i] * m) / float(s)
        sel60 = ii[(sec[ii] > t - 60 * DAY) & (sec[ii] <= t - 7 * DAY)]
        p60 = prev[sec[prev] > t - 60 * DAY]
        for name, sel in (("Z_7_60", sel60), ("Z_60", p60)):
            m = len(sel); s = int(cents[sel].sum()); q = int((cents[sel] ** 2).sum())
            rad = m * q - s * s
            exp[name] = -99.0 if m < 2 or rad <= 0 else (cents[i] * m - s) / np.sqrt(float(rad))
        m, s = len(p60), int(cents[p60].sum())
        exp["RATIO_60"] = -1.0 if m == 0 or s == 0 else float(cents[i] * m) / float(s)
        exp["RATIO_MED15"] = rmed_of(i, ii)
        p14 = prev[sec[prev] > t - 14 * DAY]
        p7 = prev[sec[prev] > t - 7 * DAY]
        exp["MAXR14"] = max([r760_of(j, ii) for j in p14], default=-1.0)
        exp["MAXRM14"] = max([rmed_of(j, ii) for j in p14], default=-1.0)
        exp["NBHI7"] = sum(r760_of(j, ii) > 3 for j in p7)
        exp["NBHI14"] = sum(r760_of(j, ii) > 3 for j in p14)
        # terminal
        jj = byterm[term[i]]
        lab = jj[sec[jj] <= t - 7 * DAY]
        if len(lab) and fraud[lab[-1]] == 1:
            k = len(lab) - 1
            while k > 0 and fraud[lab[k - 1]] == 1:
                k -= 1
            exp["TERM_RUN_AGE"] = t - sec[lab[k]]
            exp["TERM_RUN_LEN"] = len(lab) - k
        else:
            exp["TERM_RUN_AGE"] = -1
            exp["TERM_RUN_LEN"] = 0
        w = lab[(sec[lab] > t - 37 * DAY) & (fraud[lab] == 1)]
        exp["TERM_FIRST_FRAUD_AGE30"] = t - sec[w[0]] if len(w) else -1
        exp["TERM_LAST_FRAUD_AGE30"] = t - sec[w[-1]] if len(w) else -1
        g = lab[fraud[lab] == 0]
        exp["TERM_LAST_GENUINE_AGE"] = t - sec[g[-1]] if len(g) and t - sec[g[-1]] <= 60 * DAY else -1
        for name, v in exp.items():
            got = out[name].iloc[i]
            if not (got == v or abs(got - v) <= 1e-12 * max(1, abs(v))):
                bad += 1
                if bad < 20:
                    print("MISMATCH", name, i, got, v)
    print(f"checked {len(idx)} rows, {bad} mismatches")
    return bad


if __name__ == "__main__":
    t0 = time.time()
    df = pd.read_pickle("/tmp/a/feat.pkl")
    out = compute(df)
    print(f"computed in {time.time() - t0:.1f}s")
    out.to_pickle("/tmp/a/cand.pkl")
    print(out.describe().T.to_string())
    if "--check" in sys.argv:
        brute_check(df, out)
