"""xgboost's own TreeSHAP contributions on a few thousand rows: the fixture the C# explainer is checked against.

The service explains a REVIEW/BLOCK decision by the exact path-dependent TreeSHAP of Lundberg et al., computed in
C# from the ONNX tree ensemble and the node covers export_onnx.py stores beside it. xgboost implements the same
algorithm as `predict(pred_contribs=True)`: one column per feature plus a bias column (base margin + each tree's
cover-weighted mean leaf value), summing to the margin. train.py calls write_contribution_rows with the booster it
has just trained and exported, so the fixture and fraud-model.onnx come from the same trees; the C# test
(ExplanationParityTests) asserts every contribution within 1e-4 of these and that they sum to logit(score).

Columns: the model's features (float32 values, 9 significant digits: exact), `contrib:<feature>` for each,
`bias`, `margin` (xgboost's output_margin) and `probability` (xgboost's P(fraud)).
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import xgboost as xgb

CONTRIB_PREFIX = "contrib:"
ROWS = {"fraud": 1000, "genuine": 1000}
# xgboost sums the contributions in float32; their sum and the margin agree far closer than this.
SUM_TOLERANCE = 1e-4


def pick_rows(df: pd.DataFrame, before: pd.Timestamp, rng: np.random.Generator) -> pd.DataFrame:
    """Frauds and genuine transactions dated before `before` (the held-out test window), in file order."""
    df = df[(df["TX_DATETIME"] < before).to_numpy()]
    fraud = np.flatnonzero(df["TX_FRAUD"].to_numpy() == 1)
    genuine = np.flatnonzero(df["TX_FRAUD"].to_numpy() == 0)
    chosen = np.concatenate([rng.choice(fraud, ROWS["fraud"], replace=False),
                             rng.choice(genuine, ROWS["genuine"], replace=False)])
    return df.iloc[np.sort(chosen)]


def contributions(booster: xgb.Booster, x: np.ndarray, features: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(contributions [N, F + 1] with the bias last, margin [N]); raises when a row's contributions miss its margin."""
    matrix = xgb.DMatrix(x, feature_names=features)
    contribs = booster.predict(matrix, pred_contribs=True)
    margin = booster.predict(matrix, output_margin=True)
    worst = float(np.abs(contribs.astype(np.float64).sum(axis=1) - margin).max())
    if worst > SUM_TOLERANCE:
        raise AssertionError(f"xgboost's contributions miss the margin by {worst:.3g}")
    return contribs, margin


def write_contribution_rows(path: str, booster: xgb.Booster, rows: pd.DataFrame, features: list[str],
                            x: np.ndarray) -> float:
    """Writes the fixture for `rows` (x: their float32 model inputs); returns the largest |sum - margin|."""
    contribs, margin = contributions(booster, x, features)
    probability = booster.predict(xgb.DMatrix(x, feature_names=features))

    def text(values: np.ndarray) -> list[str]:
        return [f"{v:.9g}" for v in values.astype(np.float32)]

    out = pd.DataFrame({f: text(x[:, i]) for i, f in enumerate(features)}, index=rows.index)
    for i, f in enumerate(features):
        out[CONTRIB_PREFIX + f] = text(contribs[:, i])
    out["bias"] = text(contribs[:, -1])
    out["margin"] = text(margin)
    out["probability"] = text(probability)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    out.to_csv(path, index=False, lineterminator="\n")
    return float(np.abs(contribs.astype(np.float64).sum(axis=1) - margin).max())
