"""The shipped (bounded) history features of model/features.py against the research's versions
(cand.py, cand2.py: terminal look-back over the whole history), on every row of the file.

    /usr/bin/python3 model/research/bounded_vs_research.py   (needs /tmp/a/cand.pkl and cand2.pkl)

Result (bounded_vs_research.log): 0 rows differ for each of the 8 features.
"""
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from features import HISTORY_FEATURES, compute_features, load_transactions  # noqa: E402

df = compute_features(load_transactions(os.path.join(HERE, "..", "..", "..", "shared", "data", "handbook-train.csv.gz")))
research = pd.concat([pd.read_pickle("/tmp/a/cand.pkl"), pd.read_pickle("/tmp/a/cand2.pkl")], axis=1)
for name in HISTORY_FEATURES:
    shipped, researched = df[name].to_numpy(np.float64), research[name].to_numpy(np.float64)
    print(f"{name:24s} {int((shipped != researched).sum())} of {len(df):,} rows differ")
