"""Error analysis of the 16-feature baseline on the 4 validation folds (research).

For each fold, fits the shipped configuration, then on the evaluated rows (known_from =
validation start - 14d) reports: frauds by scenario and by terminal-visibility, and where
the high-scoring genuine transactions come from (terminal run state, amount ratio).
"""
import datetime as dt
import os
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import metrics  # noqa
from run import BASE, FOLD_ENDS, load, mask, params  # noqa

df = load()
day = metrics.calendar_day(df)
y = df.TX_FRAUD.to_numpy()
rows = []
for end in FOLD_ENDS:
    start = max(end - dt.timedelta(days=97), dt.date(2018, 4, 1))
    tr = mask(day, start, end)
    v0 = end + dt.timedelta(days=8)
    va = mask(day, v0, v0 + dt.timedelta(days=6))
    b = xgb.train(params(), xgb.DMatrix(df.loc[tr, BASE].to_numpy(np.float32), label=y[tr]), 200)
    w = df[va].copy()
    w["score"] = b.predict(xgb.DMatrix(w[BASE].to_numpy(np.float32)))
    known = metrics.known_compromised(w, df, v0 - dt.timedelta(days=14))
    w = w[~known]
    w["fold"] = str(v0)
    rows.append(w)
w = pd.concat(rows)
w["vis"] = np.where(w.TERM_RUN_LEN > 0, "run", np.where(w.TERMINAL_ID_RISK_30DAY_WINDOW > 0, "risk>0", "risk0"))
w["rank_pct"] = w.groupby("fold")["score"].rank(pct=True, ascending=False)
pd.set_option("display.width", 200)
print("frauds by scenario x terminal state: count, mean score, share with score > 0.5")
print(w[w.TX_FRAUD == 1].groupby(["TX_FRAUD_SCENARIO", "vis"])["score"].agg(["count", "mean", lambda s: (s > 0.5).mean()]))
print("genuine with score > 0.2, by terminal state")
g = w[(w.TX_FRAUD == 0) & (w.score > 0.2)]
print(g.groupby("vis")["score"].agg(["count", "mean"]))
print("genuine score>0.2 in a visible run: run age days quantiles")
gr = g[g.TERM_RUN_LEN > 0]
print((gr.TERM_RUN_AGE / 86400).describe())
fr = w[(w.TX_FRAUD == 1) & (w.TERM_RUN_LEN > 0) & (w.TX_FRAUD_SCENARIO == 2)]
print("scenario-2 frauds in a visible run: run age days quantiles"); print((fr.TERM_RUN_AGE / 86400).describe())
print("scenario-2 frauds with score < 0.2 by vis:"); print(w[(w.TX_FRAUD == 1) & (w.TX_FRAUD_SCENARIO == 2) & (w.score < 0.2)].groupby("vis").size())
s3 = w[(w.TX_FRAUD == 1) & (w.TX_FRAUD_SCENARIO == 3)]
print("scenario-3 frauds: score quantiles", s3.score.describe().to_dict())
print("scenario-3 frauds score<0.5: ratio quantiles", s3[s3.score < 0.5][["RATIO_7_60", "RATIO_MED15", "TX_AMOUNT", "AMOUNT_TO_CUSTOMER_AVG_30DAY"]].describe().to_string())
print("genuine ratio_med15>3 count", ((w.TX_FRAUD == 0) & (w.RATIO_MED15 > 3)).sum(), "fraud", ((w.TX_FRAUD == 1) & (w.RATIO_MED15 > 3)).sum())
w[["fold", "TRANSACTION_ID", "score"]].to_pickle("/tmp/a/diag_scores.pkl")
