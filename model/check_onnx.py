"""Pure-numpy evaluation of our exported TreeEnsembleClassifier, as a guard on the export.

There is no ONNX runtime for Python on our build machines, so this evaluates the node's
attributes the way ONNX Runtime's CPU kernel does for the layout export_onnx.py writes
(binary case: classlabels [0, 1], all weights on class 0, one base value, LOGISTIC), in
float32 throughout. The C# tests run the real ONNX Runtime on testdata/parity-rows.csv.

    /usr/bin/python3 model/check_onnx.py [--model model/fraud-model.onnx]
                                         [--rows model/testdata/parity-rows.csv]

compares the model with the `probability` column (xgboost's own predictions) of the rows.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import helper

from export_onnx import INPUT_NAME, LABEL_NAME, PROBABILITIES_NAME, tree_ensemble_node

TOLERANCE = 1e-6
HERE = os.path.dirname(os.path.abspath(__file__))

# Branch modes by code (index), so a whole batch of rows can be dispatched per mode.
_BRANCH_MODES = ["BRANCH_LT", "BRANCH_LEQ", "BRANCH_GT", "BRANCH_GTE", "BRANCH_EQ", "BRANCH_NEQ"]
_COMPARE = [np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal]
_LEAF = len(_BRANCH_MODES)


def _attributes(node: onnx.NodeProto) -> dict:
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _logistic(x: np.ndarray) -> np.ndarray:
    """ORT's ComputeLogistic, in float32: sigmoid of |x|, mirrored for negative x."""
    x = x.astype(np.float32)
    v = np.float32(1) / (np.float32(1) + np.exp(-np.abs(x)))
    return np.where(x < 0, np.float32(1) - v, v).astype(np.float32)


def _check_layout(attrs: dict) -> None:
    """The binary-case assumptions the evaluation (and ORT's output layout) rely on."""
    problems = []
    if list(attrs.get("classlabels_int64s", [])) != [0, 1]:
        problems.append("classlabels_int64s must be [0, 1]")
    if any(c != 0 for c in attrs["class_ids"]):
        problems.append("all class_ids must be 0")
    if len(attrs.get("base_values", [])) != 1:
        problems.append("expected exactly one base value")
    if attrs.get("post_transform", b"NONE") != b"LOGISTIC":
        problems.append("post_transform must be LOGISTIC")
    if all(w >= 0 for w in attrs["class_weights"]):
        problems.append("all weights non-negative: ORT would not apply the sigmoid")
    if "nodes_values_as_tensor" in attrs or "class_weights_as_tensor" in attrs:
        problems.append("tensor-valued attributes are not supported here")
    if problems:
        raise ValueError("; ".join(problems))


def evaluate(model: onnx.ModelProto, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Returns (label int64 [N], probabilities float32 [N, 2]) as ONNX Runtime would."""
    attrs = _attributes(tree_ensemble_node(model))
    _check_layout(attrs)
    x = np.asarray(x, dtype=np.float32)
    n_rows = x.shape[0]

    tree_ids = np.asarray(attrs["nodes_treeids"], dtype=np.int64)
    node_ids = np.asarray(attrs["nodes_nodeids"], dtype=np.int64)
    modes = [m.decode() for m in attrs["nodes_modes"]]
    features = np.asarray(attrs["nodes_featureids"], dtype=np.int64)
    thresholds = np.asarray(attrs["nodes_values"], dtype=np.float32)
    true_ids = np.asarray(attrs["nodes_truenodeids"], dtype=np.int64)
    false_ids = np.asarray(attrs["nodes_falsenodeids"], dtype=np.int64)
    missing_true = np.asarray(attrs.get("nodes_missing_value_tracks_true", [0] * len(modes)), dtype=bool)

    weight_of = {}
    for t, n, w in zip(attrs["class_treeids"], attrs["class_nodeids"], attrs["class_weights"]):
        weight_of[(t, n)] = weight_of.get((t, n), np.float32(0)) + np.float32(w)

    margin = np.zeros(n_rows, dtype=np.float32)
    for tree in np.unique(tree_ids):
        rows = np.flatnonzero(tree_ids == tree)
        local = {int(node_ids[r]): i for i, r in enumerate(rows)}
        branch = np.array([modes[r] != "LEAF" for r in rows])
        children = set(true_ids[rows][branch].tolist()) | set(false_ids[rows][branch].tolist())
        roots = [i for i, r in enumerate(rows) if int(node_ids[r]) not in children]
        if len(roots) != 1:
            raise ValueError(f"tree {tree}: expected one root, found {len(roots)}")

        code = np.array([_LEAF if modes[r] == "LEAF" else _BRANCH_MODES.index(modes[r]) for r in rows])
        is_leaf = code == _LEAF
        feat, thr, missing = features[rows], thresholds[rows], missing_true[rows]
        to_true = np.array([-1 if leaf else local.get(int(v), -1) for v, leaf in zip(true_ids[rows], is_leaf)])
        to_false = np.array([-1 if leaf else local.get(int(v), -1) for v, leaf in zip(false_ids[rows], is_leaf)])
        if np.any(to_true[~is_leaf] < 0) or np.any(to_false[~is_leaf] < 0):
            raise ValueError(f"tree {tree}: a branch points outside its tree")
        leaf_weight = np.array([weight_of.get((int(tree), int(node_ids[r])), np.float32(0)) for r in rows],
                               dtype=np.float32)

        at = np.full(n_rows, roots[0], dtype=np.int64)
        for _ in range(len(rows)):  # no path is longer than the tree
            active = np.flatnonzero(~is_leaf[at])
            if active.size == 0:
                break
            cur = at[active]
            value = x[active, feat[cur]]
            go_true = np.zeros(active.size, dtype=bool)
            for c in np.unique(code[cur]):
                sel = code[cur] == c
                go_true[sel] = _COMPARE[c](value[sel], thr[cur][sel])
            # NaN fails every comparison; the node's missing flag decides instead.
            go_true |= np.isnan(value) & missing[cur]
            at[active] = np.where(go_true, to_true[cur], to_false[cur])
        else:
            raise ValueError(f"tree {tree}: evaluation did not reach a leaf")
        margin += leaf_weight[at]

    margin += np.float32(attrs["base_values"][0])
    probabilities = np.stack([_logistic(-margin), _logistic(margin)], axis=1)
    label = np.where(margin > 0, 1, 0).astype(np.int64)
    return label, probabilities


def check(model: onnx.ModelProto, x: np.ndarray, expected_p_fraud: np.ndarray,
          tolerance: float = TOLERANCE) -> float:
    """Raises when the model's P(fraud) differs from `expected_p_fraud` by more than `tolerance`."""
    graph = model.graph
    if [i.name for i in graph.input] != [INPUT_NAME] or [o.name for o in graph.output] != [LABEL_NAME, PROBABILITIES_NAME]:
        raise ValueError("unexpected graph inputs/outputs")
    _, probabilities = evaluate(model, x)
    diff = np.abs(probabilities[:, 1].astype(np.float64) - np.asarray(expected_p_fraud, dtype=np.float64))
    worst = float(diff.max()) if diff.size else 0.0
    if worst > tolerance:
        raise AssertionError(f"ONNX vs xgboost: max |diff| {worst:.3g} > {tolerance:g} at row {int(diff.argmax())}")
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=os.path.join(HERE, "fraud-model.onnx"))
    parser.add_argument("--rows", default=os.path.join(HERE, "testdata", "parity-rows.csv"))
    args = parser.parse_args()

    import pandas as pd

    model = onnx.load(args.model)
    onnx.checker.check_model(model, full_check=True)
    rows = pd.read_csv(args.rows)
    features = [c for c in rows.columns if c != "probability"]
    declared = dict((p.key, p.value) for p in model.metadata_props).get("features")
    if declared is not None and declared.split(",") != features:
        raise AssertionError("parity rows' columns differ from the model's features")
    worst = check(model, rows[features].to_numpy(np.float64), rows["probability"].to_numpy())
    print(f"{args.model}: {len(rows)} rows, max |P_onnx - P_xgboost| = {worst:.3g} (<= {TOLERANCE:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
