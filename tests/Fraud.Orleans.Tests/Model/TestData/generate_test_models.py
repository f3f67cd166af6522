#!/usr/bin/python3
"""Builds the tiny ONNX models that test our ONNX Runtime binding independently of the trained model.

Run with Debian's python (python3-onnx): /usr/bin/python3 generate_test_models.py
The outputs are committed beside this script; tiny-model-expected.csv is computed by hand (see below),
NOT by running the model, so the binding is checked against the tree semantics themselves.

tiny-model.onnx: ai.onnx.ml TreeEnsembleClassifier, no ZipMap, shaped like an XGBoost binary export
(weights on class id 0 only, mixed-sign leaves, one base value, post_transform LOGISTIC), so
  probabilities = [sigmoid(-s), sigmoid(s)],  s = base + sum of the two leaves reached,
and a node sends x to its true branch when x[feature] <= threshold (BRANCH_LEQ).

  base = -0.25
  tree 0: amount <= 100 ? (count_1h <= 3 ? -1.5 : 0.5) : 1.25
  tree 1: risk <= 0.5 ? -0.75 : 1.0

tiny-model-dynamic.onnx: the same trees with the feature dimension left dynamic ([N, ?]), so only running it
can tell that it needs 3 features.

wrong-output.onnx: input features float [N,3] -> probabilities = Identity(features): [N,3], not [N,2].
"""
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = ["amount", "count_1h", "risk"]
OPSETS = [helper.make_opsetid("", 15), helper.make_opsetid("ai.onnx.ml", 3)]


def tiny_classifier(feature_dim=len(FEATURES)):
    # Node ids per tree; leaves carry one weight each, for class id 0.
    nodes = [
        # (tree, node, feature, threshold, mode, true, false)
        (0, 0, 0, 100.0, "BRANCH_LEQ", 1, 2),
        (0, 1, 1, 3.0, "BRANCH_LEQ", 3, 4),
        (0, 2, 0, 0.0, "LEAF", 0, 0),
        (0, 3, 0, 0.0, "LEAF", 0, 0),
        (0, 4, 0, 0.0, "LEAF", 0, 0),
        (1, 0, 2, 0.5, "BRANCH_LEQ", 1, 2),
        (1, 1, 0, 0.0, "LEAF", 0, 0),
        (1, 2, 0, 0.0, "LEAF", 0, 0),
    ]
    leaves = [(0, 2, 1.25), (0, 3, -1.5), (0, 4, 0.5), (1, 1, -0.75), (1, 2, 1.0)]
    node = helper.make_node(
        "TreeEnsembleClassifier",
        ["features"],
        ["label", "probabilities"],
        domain="ai.onnx.ml",
        classlabels_int64s=[0, 1],
        nodes_treeids=[n[0] for n in nodes],
        nodes_nodeids=[n[1] for n in nodes],
        nodes_featureids=[n[2] for n in nodes],
        nodes_values=[n[3] for n in nodes],
        nodes_modes=[n[4] for n in nodes],
        nodes_truenodeids=[n[5] for n in nodes],
        nodes_falsenodeids=[n[6] for n in nodes],
        class_treeids=[l[0] for l in leaves],
        class_nodeids=[l[1] for l in leaves],
        class_ids=[0] * len(leaves),
        class_weights=[l[2] for l in leaves],
        base_values=[-0.25],
        post_transform="LOGISTIC",
    )
    graph = helper.make_graph(
        [node],
        "tiny_fraud_trees",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, feature_dim])],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2]),
        ],
    )
    return helper.make_model(graph, opset_imports=OPSETS, producer_name="fraud-orleans-tests")


def wrong_output():
    node = helper.make_node("Identity", ["features"], ["probabilities"])
    graph = helper.make_graph(
        [node],
        "wrong_output",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, len(FEATURES)])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, len(FEATURES)])],
    )
    return helper.make_model(graph, opset_imports=OPSETS, producer_name="fraud-orleans-tests")


for name, model in (
    ("tiny-model.onnx", tiny_classifier()),
    ("tiny-model-dynamic.onnx", tiny_classifier(feature_dim=None)),
    ("wrong-output.onnx", wrong_output()),
):
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name))
    print("wrote", name)
