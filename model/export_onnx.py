"""XGBoost (binary:logistic, gbtree) -> ONNX, as one ai.onnx.ml TreeEnsembleClassifier node.

There is no skl2onnx/onnxmltools on our build machines, so the graph is written with
`onnx.helper` from the booster's own JSON model. The contract with the C# service:

    input   features       float32 [N, F]   columns in the order of fraud-model.json "features"
    output  label          int64   [N]      1 when P(fraud) > 0.5
    output  probabilities  float32 [N, 2]   [P(genuine), P(fraud)]; column 1 is the score

Points where a naive conversion silently disagrees with xgboost:

- Splits: xgboost sends a row to the left ("yes") child when x < threshold, so every
  branch is BRANCH_LT with the left child as the true node. Thresholds and leaf values
  are float32 in xgboost and in ONNX attributes; we read them from the JSON model,
  whose numbers round-trip to float32 exactly (the text dumps print fewer digits).
- Missing values (NaN) follow each node's default direction: default_left means the
  true branch, hence nodes_missing_value_tracks_true. Our features are never NaN, but
  the model should stay faithful if one ever is.
- base_score is a probability; the ensemble adds a margin, so base_values carries
  logit(base_score), computed in float32 as xgboost does.
- Binary layout: ONNX Runtime treats a classifier with classlabels [0, 1] whose weights
  all target class 0 as the binary case: it adds base_values[0] to the summed leaf
  values and, with post_transform LOGISTIC, outputs [sigmoid(-m), sigmoid(m)]. That path
  holds only while some leaf weight is negative (with all-positive weights ORT switches
  to [1 - m, m] without the sigmoid), so the export refuses such a model.
- No ZipMap: the service reads the probability tensor directly.

Explanations: the service explains a REVIEW/BLOCK decision with TreeSHAP over these trees,
which needs every node's cover (xgboost's sum of hessians of the training rows reaching
it, `sum_hessian` in the JSON model). TreeEnsembleClassifier has no attribute for it, so
the covers travel in the model's metadata_props["node_covers"]: float32 little-endian,
base64, one per `nodes_*` entry and in the same order (leaves included). ONNX Runtime
ignores metadata; the C# side reads the node attributes and the covers from the file.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

import numpy as np
import onnx
from onnx import TensorProto, helper

INPUT_NAME = "features"
LABEL_NAME = "label"
PROBABILITIES_NAME = "probabilities"
ML_DOMAIN = "ai.onnx.ml"
NODE_COVERS = "node_covers"
ML_OPSET = 3
DEFAULT_OPSET = 15


@dataclass
class Tree:
    """One xgboost tree in the arrays of its JSON model (node i's fields at index i)."""

    left: list[int]
    right: list[int]
    feature: list[int]
    condition: list[float]  # split threshold for a branch, leaf value for a leaf
    default_left: list[int]
    cover: list[float]  # sum of the training rows' hessians reaching the node (TreeSHAP's weights)

    def is_leaf(self, node: int) -> bool:
        return self.left[node] == -1


def _parse_booster(booster) -> tuple[list[Tree], float, int]:
    """Returns the trees, the base margin (float32 value) and the feature count."""
    model = json.loads(booster.save_raw(raw_format="json"))
    learner = model["learner"]
    objective = learner["objective"]["name"]
    if objective != "binary:logistic":
        raise ValueError(f"only binary:logistic is supported, got {objective}")
    gbm = learner["gradient_booster"]
    if gbm["name"] != "gbtree":
        # dart scales trees at prediction time; gblinear has no trees at all.
        raise ValueError(f"only the gbtree booster is supported, got {gbm['name']}")
    params = learner["learner_model_param"]
    if int(params.get("num_class", "0")) > 1 or int(params.get("num_target", "1")) != 1:
        raise ValueError("only single-output binary models are supported")

    trees = []
    for raw in gbm["model"]["trees"]:
        if raw.get("categories_nodes"):
            raise ValueError("categorical splits are not supported")
        trees.append(
            Tree(
                left=raw["left_children"],
                right=raw["right_children"],
                feature=raw["split_indices"],
                condition=raw["split_conditions"],
                default_left=raw["default_left"],
                cover=raw["sum_hessian"],
            )
        )
    if any(group != 0 for group in gbm["model"]["tree_info"]):
        raise ValueError("unexpected tree groups for a binary model")

    # xgboost's ProbToMargin for the logistic objective, in float32 like xgboost itself.
    base_score = np.float32(float(params["base_score"]))
    base_margin = -np.log(np.float32(1) / base_score - np.float32(1), dtype=np.float32)
    return trees, float(np.float32(base_margin)), int(params["num_feature"])


def booster_to_onnx(booster, feature_names: list[str], doc: str = "") -> onnx.ModelProto:
    """Builds the ONNX model; `feature_names` fixes the width and is recorded in metadata."""
    trees, base_margin, num_feature = _parse_booster(booster)
    if num_feature != len(feature_names):
        raise ValueError(f"booster has {num_feature} features, {len(feature_names)} names given")

    nodes = {k: [] for k in ("treeids", "nodeids", "featureids", "modes", "values",
                             "truenodeids", "falsenodeids", "missing_value_tracks_true")}
    leaves = {k: [] for k in ("treeids", "nodeids", "ids", "weights")}
    covers = []

    def f32(value: float) -> float:
        return float(np.float32(value))

    for tree_id, tree in enumerate(trees):
        # Walk from the root so that deleted (unreachable) slots, if any, are skipped.
        stack = [0]
        while stack:
            node = stack.pop()
            nodes["treeids"].append(tree_id)
            nodes["nodeids"].append(node)
            covers.append(tree.cover[node])
            if tree.is_leaf(node):
                nodes["featureids"].append(0)
                nodes["modes"].append("LEAF")
                nodes["values"].append(0.0)
                nodes["truenodeids"].append(0)
                nodes["falsenodeids"].append(0)
                nodes["missing_value_tracks_true"].append(0)
                leaves["treeids"].append(tree_id)
                leaves["nodeids"].append(node)
                leaves["ids"].append(0)  # every weight on class 0: ORT's binary layout
                leaves["weights"].append(f32(tree.condition[node]))
            else:
                nodes["featureids"].append(tree.feature[node])
                nodes["modes"].append("BRANCH_LT")
                nodes["values"].append(f32(tree.condition[node]))
                nodes["truenodeids"].append(tree.left[node])
                nodes["falsenodeids"].append(tree.right[node])
                nodes["missing_value_tracks_true"].append(1 if tree.default_left[node] else 0)
                stack.extend((tree.right[node], tree.left[node]))

    if all(w >= 0 for w in leaves["weights"]):
        raise ValueError("all leaf weights are non-negative: ORT would skip the logistic transform")

    node = helper.make_node(
        "TreeEnsembleClassifier",
        inputs=[INPUT_NAME],
        outputs=[LABEL_NAME, PROBABILITIES_NAME],
        name="xgboost_trees",
        domain=ML_DOMAIN,
        classlabels_int64s=[0, 1],
        post_transform="LOGISTIC",
        base_values=[base_margin],
        class_treeids=leaves["treeids"],
        class_nodeids=leaves["nodeids"],
        class_ids=leaves["ids"],
        class_weights=leaves["weights"],
        **{f"nodes_{k}": v for k, v in nodes.items()},
    )
    graph = helper.make_graph(
        [node],
        "fraud_model",
        inputs=[helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, [None, num_feature])],
        outputs=[
            helper.make_tensor_value_info(LABEL_NAME, TensorProto.INT64, [None]),
            helper.make_tensor_value_info(PROBABILITIES_NAME, TensorProto.FLOAT, [None, 2]),
        ],
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", DEFAULT_OPSET), helper.make_opsetid(ML_DOMAIN, ML_OPSET)],
        producer_name="fraud-orleans/model/export_onnx.py",
        doc_string=doc,
    )
    helper.set_model_props(model, {"features": ",".join(feature_names), NODE_COVERS: encode_covers(covers)})
    onnx.checker.check_model(model, full_check=True)
    return model


def encode_covers(covers: list[float]) -> str:
    """The node_covers metadata value: float32 little-endian, base64 (xgboost keeps covers in float32: exact)."""
    return base64.b64encode(np.asarray(covers, dtype="<f4").tobytes()).decode("ascii")


def decode_covers(model: onnx.ModelProto) -> np.ndarray:
    """The covers of a model written by booster_to_onnx, one per nodes_* entry."""
    value = dict((p.key, p.value) for p in model.metadata_props).get(NODE_COVERS)
    if value is None:
        raise ValueError(f"the model has no metadata_props['{NODE_COVERS}']")
    return np.frombuffer(base64.b64decode(value), dtype="<f4")


def tree_ensemble_node(model: onnx.ModelProto) -> onnx.NodeProto:
    """The single TreeEnsembleClassifier node of a model written by booster_to_onnx."""
    found = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    if len(model.graph.node) != 1 or len(found) != 1:
        raise ValueError("expected exactly one TreeEnsembleClassifier node")
    return found[0]
