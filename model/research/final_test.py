"""ONE run, after selection: the selected set vs the shipped 16 on the test window.

    /usr/bin/python3 model/research/final_test.py F1,F2,...   (features added to the 16)

Trains on the 98 days 2018-04-04..2018-07-10 (as train.py), same hyper-parameters
(200 trees, depth 6, lr 0.1, seed 42, nthread 1); reports the delay week 07-11..07-17
(known_from 06-27 and whole history) and the test window 07-18..07-31 (known_from
07-04 and whole history). Output appended to final_test.log by the caller.
"""
import datetime as dt
import json
import os
import sys

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import metrics  # noqa: E402
from run import BASE, load, mask, params  # noqa: E402

extra = [f for f in sys.argv[1].split(",") if f]
df = load()
day = metrics.calendar_day(df)
y = df.TX_FRAUD.to_numpy()
tr = mask(day, dt.date(2018, 4, 4), dt.date(2018, 7, 10))
out = {}
for name, feats in (("shipped16", BASE), ("selected", BASE + extra)):
    b = xgb.train(params(), xgb.DMatrix(df.loc[tr, feats].to_numpy(np.float32), label=y[tr]), 200)
    scores = b.predict(xgb.DMatrix(df[feats].to_numpy(np.float32)))
    res = {}
    for label, f, l, kf in (("valid 07-11..07-17 known_from 06-27", "2018-07-11", "2018-07-17", "2018-06-27"),
                            ("valid 07-11..07-17 whole history", "2018-07-11", "2018-07-17", "all"),
                            ("TEST 07-18..07-31 known_from 07-04", "2018-07-18", "2018-07-31", "2018-07-04"),
                            ("TEST 07-18..07-31 whole history", "2018-07-18", "2018-07-31", "all")):
        m = metrics.evaluate(df, scores, f, l, known_from=kf)
        res[label] = {k: round(m[k], 4) for k in ("rows_scored", "frauds_scored", "auc", "average_precision", "cp_at_100")}
        print(name, label, res[label], flush=True)
    out[name] = {"features": feats, "train_rows": int(tr.sum()), **res}
print(json.dumps(out))
