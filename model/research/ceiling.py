"""Ceilings of the test window (research): run first, it also writes /tmp/a/feat.pkl (features.py over
the whole file), the input of cand.py, cand2.py and the fold scripts.

    /usr/bin/python3 model/research/ceiling.py

"oracle" scores every fraud 1 and every genuine transaction below 0.5; "visible-oracle" does the same
except for scenario-2 frauds at terminals with no visible fraud label (TERMINAL_ID_RISK_30DAY_WINDOW
= 0: compromised less than 7 days ago), which it scores at random among the genuine ones. Printed
under the adopted known-compromised definition (metrics.py's default, 2018-07-04 here) and the whole
history.
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import metrics  # noqa: E402
from features import compute_features, load_transactions  # noqa: E402

os.makedirs("/tmp/a", exist_ok=True)
df = compute_features(load_transactions(os.path.join(HERE, "..", "..", "..", "shared", "data", "handbook-train.csv.gz")))
df.to_pickle("/tmp/a/feat.pkl")
rng = np.random.default_rng(1)
y = df.TX_FRAUD.to_numpy()
inv = (df.TX_FRAUD_SCENARIO.to_numpy() == 2) & (df.TERMINAL_ID_RISK_30DAY_WINDOW.to_numpy() == 0)
for kf in (metrics.WHOLE_HISTORY, None):  # this order: the random draws of the recorded run
    for name, s in [("oracle", y.astype(float)),
                    ("visible-oracle", np.where(y == 1, np.where(inv, rng.uniform(0, .5, len(y)), 1.0), rng.uniform(0, .5, len(y))))]:
        m = metrics.evaluate(df, s, "2018-07-18", "2018-07-31", known_from=kf)
        print(m["known_from"], name, {k: round(m[k], 4) for k in ("rows_scored", "frauds_scored", "auc", "average_precision", "cp_at_100")})
w = (df.TX_DATETIME >= "2018-07-18")
print("invisible share of frauds in window", inv[w & (y == 1)].sum() / (w & (y == 1)).sum())
