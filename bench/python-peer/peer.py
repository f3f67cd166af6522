#!/usr/bin/python3
"""The Python peer of `fraud bench`: the same job as a silo, written the way a competent Python team would.

Kafka topic (key = card id, JSON value) -> per-card window state in memory -> the model's features
-> one vectorised score per consumed batch -> BatchWriteItem of 25 to its own DynamoDB table
-> offsets committed after the writes. Debian packages only (python3-confluent-kafka, python3-numpy,
python3-onnx, python3-boto3), run by /usr/bin/python3.

Choices, and what they mean for the comparison with the silo:
- Features: the ones model/fraud-model.json names, in its order, from model/features.py's definitions:
  the card features (amount, weekend, night, count and mean over 1/7/30 days, seconds since the
  previous transaction, AMOUNT_TO_CUSTOMER_AVG_30DAY, 10-minute and 1-hour counts, and the amount
  history: Z_7_60, MAXR14, NBHI7, MAXZ14 from the card's last 60 days) and the terminal features
  (transactions of all cards at the terminal in (t - 7 - n days, t - 7 days], and the TERM_* history
  features from its transactions in (t - 67 days, t - 7 days], kept in memory per terminal). Fraud
  labels: a bench run produces none (the silo sees none either), so every labelled transaction is
  genuine here, as in the silo: terminal RISK is 0, there is never a fraud run (TERM_RUN_AGE_DAYS -1,
  TERM_RUN_LEN 0), and the genuine ages are those of the newest labelled transaction.
  `check_features.py` checks all of them against model/features.py on handbook data without labels.
  Features the model does not use are not stored (the silo stores all 29 in each signal item, so its
  items are larger); a model needing one this peer lacks is refused at start-up.
- Card state lives in memory only: it is not checkpointed, so a restart would lose every card's
  history (the silo checkpoints card state to DynamoDB). Events of a card are taken in arrival order;
  the bench stream is sorted by event time, so windows are exact here.
- Scoring: no XGBoost booster file is shipped with the model (only the ONNX export), so the ONNX
  TreeEnsembleClassifier is evaluated with numpy, all trees and all rows of a batch at once; it is
  checked at start-up against model/check_onnx.py's reference evaluator.
- Durability: a batch's signals are written with up to WRITE_THREADS BatchWriteItem calls in flight;
  only when every item is acknowledged are the batch's offsets committed.

Bench protocol (see src/Cli/Bench): prints `@status {"ready":..,"decided":..,"durable":..,"time_ms":..}` lines on
stdout twice a second, stops when stdin closes, then writes --log: rows of five little-endian int64
(transaction id, scheduled send time in Unix ms = the Kafka record timestamp, µs from it to the
decision, µs from it to the DynamoDB acknowledgement, 1), one row per decision.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import threading
import time
from bisect import bisect_right, insort
from collections import deque
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import datetime
from typing import Any

import boto3
import numpy as np
import onnx
from botocore.config import Config
from confluent_kafka import Consumer, KafkaError, Message
from onnx import helper

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "model"))

DAY = 86_400
WINDOWS_DAYS = (1, 7, 30)
CARD_WINDOWS_S = (DAY, 7 * DAY, 30 * DAY, 600, 3600)  # the card's (t - w, t] windows
LABEL_DELAY_S = 7 * DAY
HISTORY_S = 60 * DAY  # the history features' look-back (card amounts, terminal labels)
HIGH_RATIO = 3.0
CONSUME_BATCH = 1000
CONSUME_TIMEOUT_S = 0.01
WRITE_BATCH = 25  # DynamoDB's BatchWriteItem limit
WRITE_THREADS = 8
STATUS_INTERVAL_S = 0.5


SUPPORTED = [
    "TX_AMOUNT", "TX_DURING_WEEKEND", "TX_DURING_NIGHT",
    *[f"CUSTOMER_ID_{kind}_{n}DAY_WINDOW" for n in WINDOWS_DAYS for kind in ("NB_TX", "AVG_AMOUNT")],
    "SECONDS_SINCE_PREVIOUS_TX",
    *[f"TERMINAL_ID_{kind}_{n}DAY_WINDOW" for n in WINDOWS_DAYS for kind in ("NB_TX", "RISK")],
    "CUSTOMER_ID_NB_TX_10MIN_WINDOW", "CUSTOMER_ID_NB_TX_1HOUR_WINDOW", "AMOUNT_TO_CUSTOMER_AVG_30DAY",
    "TERM_RUN_AGE_DAYS", "TERM_GEN_AGE_DAYS", "TERM_RUN_LEN", "MAXR14", "NBHI7", "MAXZ14", "Z_7_60",
    "TERM_LAST_GENUINE_AGE",
]


class TreeEnsemble:
    """The ONNX TreeEnsembleClassifier of model/export_onnx.py, compiled into flat numpy arrays.

    Every node of every tree gets a global index; a leaf points to itself, so walking all trees
    `depth` steps from their roots lands every (row, tree) pair on its leaf without branching.
    """

    def __init__(self, model: onnx.ModelProto) -> None:
        node = next(n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier")
        a = {x.name: helper.get_attribute_value(x) for x in node.attribute}
        if a.get("post_transform", b"NONE") != b"LOGISTIC" or list(a.get("classlabels_int64s", [])) != [0, 1]:
            raise ValueError("expected a binary LOGISTIC TreeEnsembleClassifier")
        tree_ids = np.asarray(a["nodes_treeids"], dtype=np.int64)
        node_ids = np.asarray(a["nodes_nodeids"], dtype=np.int64)
        modes = [m.decode() for m in a["nodes_modes"]]
        unsupported = set(modes) - {"BRANCH_LT", "BRANCH_LEQ", "LEAF"}
        if unsupported:
            raise ValueError(f"unsupported branch modes {sorted(unsupported)}")

        index = {(int(t), int(n)): i for i, (t, n) in enumerate(zip(tree_ids, node_ids))}
        count = len(modes)
        is_leaf = np.array([m == "LEAF" for m in modes])
        self.feature = np.where(is_leaf, 0, np.asarray(a["nodes_featureids"], dtype=np.int64))
        self.threshold = np.asarray(a["nodes_values"], dtype=np.float32)
        self.leq = np.array([m == "BRANCH_LEQ" for m in modes])
        self.missing_true = np.asarray(a.get("nodes_missing_value_tracks_true", [0] * count), dtype=bool)
        self.true_next = np.arange(count)
        self.false_next = np.arange(count)
        for i in np.flatnonzero(~is_leaf):
            t = int(tree_ids[i])
            self.true_next[i] = index[(t, int(a["nodes_truenodeids"][i]))]
            self.false_next[i] = index[(t, int(a["nodes_falsenodeids"][i]))]
        self.leaf_weight = np.zeros(count, dtype=np.float32)
        for t, n, w in zip(a["class_treeids"], a["class_nodeids"], a["class_weights"]):
            self.leaf_weight[index[(int(t), int(n))]] += np.float32(w)
        children = set(self.true_next[~is_leaf].tolist()) | set(self.false_next[~is_leaf].tolist())
        self.roots = np.array(sorted({i for i in range(count) if i not in children}), dtype=np.int64)
        self.depth = self._depth(is_leaf)
        self.base = np.float32(a["base_values"][0])

    def _depth(self, is_leaf: np.ndarray) -> int:
        depth, level = 0, self.roots
        while not is_leaf[level].all():
            level = np.concatenate([self.true_next[level[~is_leaf[level]]], self.false_next[level[~is_leaf[level]]]])
            depth += 1
        return depth

    def p_fraud(self, x: np.ndarray) -> np.ndarray:
        """P(fraud) per row of x (float32 [N, features]), as ONNX Runtime computes it (float32)."""
        rows = np.arange(x.shape[0])[:, None]
        at = np.broadcast_to(self.roots, (x.shape[0], self.roots.size)).copy()
        for _ in range(self.depth):
            value = x[rows, self.feature[at]]
            threshold = self.threshold[at]
            go_true = (value < threshold) | (self.leq[at] & (value == threshold)) | (np.isnan(value) & self.missing_true[at])
            at = np.where(go_true, self.true_next[at], self.false_next[at])
        margin = self.leaf_weight[at].sum(axis=1, dtype=np.float32) + self.base
        v = np.float32(1) / (np.float32(1) + np.exp(-np.abs(margin)))  # ORT's logistic, mirrored for negatives
        return np.where(margin < 0, np.float32(1) - v, v).astype(np.float32)


class CardWindows:
    """One card's transactions over its CARD_WINDOWS_S windows (event time), with running counts and cent sums."""

    __slots__ = ("windows", "sums", "last_time")

    def __init__(self) -> None:
        self.windows: tuple[deque[tuple[int, int]], ...] = tuple(deque() for _ in CARD_WINDOWS_S)
        self.sums = [0] * len(CARD_WINDOWS_S)
        self.last_time: int | None = None

    def add(self, t: int, cents: int) -> tuple[list[tuple[int, int]], int]:
        """Counts the transaction; returns (count, cents sum) per window (t - w, t] and seconds since the previous one."""
        since = -1 if self.last_time is None else t - self.last_time
        self.last_time = t
        out = []
        for k, width in enumerate(CARD_WINDOWS_S):
            window = self.windows[k]
            window.append((t, cents))
            self.sums[k] += cents
            edge = t - width
            while window[0][0] <= edge:
                self.sums[k] -= window.popleft()[1]
            out.append((len(window), self.sums[k]))
        return out, since


class AmountHistory:
    """One card's amounts of the last 60 days: R and Z of each new one against its (t - 60 d, t - 7 d] from
    running sums, and the largest R and Z of the last 14 days from monotonic deques (model/features.py)."""

    __slots__ = ("recent", "older", "m", "s", "q", "high", "max_r", "max_z")

    def __init__(self) -> None:
        self.recent: deque[tuple[int, int, float]] = deque()  # (t, cents, R) in (t - 7 d, t]
        self.older: deque[tuple[int, int]] = deque()  # (t, cents) in (t - 60 d, t - 7 d], summed in m, s, q
        self.m = self.s = self.q = 0
        self.high = 0  # entries of `recent` with R above HIGH_RATIO
        # (t, value) with values decreasing from the left: the window's largest is the leftmost.
        self.max_r: deque[tuple[int, float]] = deque()
        self.max_z: deque[tuple[int, float]] = deque()

    def add(self, t: int, cents: int) -> tuple[float, int, float, float]:
        """MAXR14, NBHI7, MAXZ14 from the earlier transactions and Z_7_60 of this one; then counts it."""
        while self.recent and self.recent[0][0] <= t - LABEL_DELAY_S:
            tj, cj, rj = self.recent.popleft()
            self.high -= rj > HIGH_RATIO
            self.older.append((tj, cj))
            self.m, self.s, self.q = self.m + 1, self.s + cj, self.q + cj * cj
        while self.older and self.older[0][0] <= t - HISTORY_S:
            cj = self.older.popleft()[1]
            self.m, self.s, self.q = self.m - 1, self.s - cj, self.q - cj * cj
        for window in (self.max_r, self.max_z):
            while window and window[0][0] <= t - 14 * DAY:
                window.popleft()
        max_r = self.max_r[0][1] if self.max_r else -1.0
        max_z = max(self.max_z[0][1], -99.0) if self.max_z else -99.0
        high = self.high

        m, s, q = self.m, self.s, self.q
        r = cents * m / s if m > 0 and s != 0 else -1.0
        radicand = m * q - s * s
        z = (cents * m - s) / math.sqrt(radicand) if m >= 2 and radicand != 0 else -99.0
        self.recent.append((t, cents, r))
        self.high += r > HIGH_RATIO
        for window, value in ((self.max_r, r), (self.max_z, z)):
            while window and window[-1][1] <= value:
                window.pop()
            window.append((t, value))
        return max_r, high, max_z, z


class TerminalHistory:
    """A terminal's transaction times (all cards), sorted, 67 days deep: enough for (t - 67 d, t - 7 d]."""

    __slots__ = ("times",)

    def __init__(self) -> None:
        self.times: list[int] = []

    def features_then_add(self, t: int) -> tuple[list[int], int]:
        """Transactions in (t - 7 - n days, t - 7 days] for n in 1, 7, 30 and the time of the newest one in
        (t - 67 days, t - 7 days] (-1 when none), before this one is added; then adds it."""
        times = self.times
        stale = bisect_right(times, t - LABEL_DELAY_S - HISTORY_S)
        if stale:
            del times[:stale]
        upper = bisect_right(times, t - LABEL_DELAY_S)
        counts = [upper - bisect_right(times, t - LABEL_DELAY_S - n * DAY, 0, upper) for n in WINDOWS_DAYS]
        newest = times[upper - 1] if upper else -1
        insort(times, t)  # the stream is in event-time order, so this is an append in practice
        return counts, newest


class FeatureState:
    """Every card's and terminal's state, and the feature row of each transaction in SUPPORTED order."""

    __slots__ = ("cards", "amounts", "terminals")

    def __init__(self) -> None:
        self.cards: dict[str, CardWindows] = {}
        self.amounts: dict[str, AmountHistory] = {}
        self.terminals: dict[int, TerminalHistory] = {}

    def row(self, card_id: str, terminal_id: int, when: datetime, cents: int) -> tuple[float, ...]:
        t = int(when.timestamp())
        card = self.cards.get(card_id)
        if card is None:
            card = self.cards[card_id] = CardWindows()
            self.amounts[card_id] = AmountHistory()
        windows, since = card.add(t, cents)
        (n1, s1), (n7, s7), (n30, s30), n10m, n1h = windows
        max_r, high, max_z, z = self.amounts[card_id].add(t, cents)
        terminal = self.terminals.get(terminal_id)
        if terminal is None:
            terminal = self.terminals[terminal_id] = TerminalHistory()
        (t1, t7, t30), newest = terminal.features_then_add(t)
        m, s_prev = n30 - 1, s30 - cents
        ratio = cents * m / s_prev if m > 0 and s_prev != 0 else -1.0
        # Without labels every labelled transaction is genuine: no fraud run, and the newest is the genuine one.
        genuine_days = t // DAY - newest // DAY if newest >= 0 else -1
        genuine_age = t - newest if newest >= 0 and t - newest <= HISTORY_S else -1
        return (cents / 100, when.weekday() >= 5, when.hour <= 6,
                n1, s1 / n1 / 100, n7, s7 / n7 / 100, n30, s30 / n30 / 100, since,
                t1, 0.0, t7, 0.0, t30, 0.0, n10m[0], n1h[0], ratio,
                -1, genuine_days, 0, max_r, high, max_z, z, genuine_age)


class Peer:
    def __init__(self, args: argparse.Namespace) -> None:
        metadata_path = os.path.splitext(args.model)[0] + ".json"
        with open(metadata_path, encoding="utf-8") as f:
            metadata = json.load(f)
        missing = [f for f in metadata["features"] if f not in SUPPORTED]
        if missing:
            raise SystemExit(f"peer: the model expects {missing}, which this peer does not compute")
        self.feature_names: list[str] = metadata["features"]
        self.columns = [SUPPORTED.index(f) for f in self.feature_names]
        self.model_version: str = metadata["model_version"]
        self.review = float(metadata["thresholds"]["review"])
        self.block = float(metadata["thresholds"]["block"])
        model = onnx.load(args.model)
        self.trees = TreeEnsemble(model)
        self._self_check(model)

        self.table = args.table
        self.dynamodb = boto3.client(
            "dynamodb", endpoint_url=args.dynamodb, region_name="us-east-1",
            aws_access_key_id="local", aws_secret_access_key="local",
            config=Config(max_pool_connections=WRITE_THREADS * 2, retries={"mode": "standard", "max_attempts": 10}))
        self._ensure_table()
        self.writers = ThreadPoolExecutor(max_workers=WRITE_THREADS, thread_name_prefix="ddb")

        self.consumer = Consumer({
            "bootstrap.servers": args.bootstrap,
            "group.id": args.group,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            "fetch.wait.max.ms": 5,
            "session.timeout.ms": 10_000,
        })
        self.assigned = threading.Event()
        self.consumer.subscribe([args.topic], on_assign=lambda _c, parts: self.assigned.set() if parts else None)

        self.state = FeatureState()
        self.decided = 0
        self.durable = 0
        self.log: list[np.ndarray] = []
        self.log_path = args.log
        self.stop = threading.Event()

    def _self_check(self, model: onnx.ModelProto) -> None:
        """The compiled evaluator must agree with model/check_onnx.py (float32 rounding at most)."""
        sys.path.insert(0, MODEL_DIR)
        import check_onnx  # noqa: E402 (model/ is not a package)

        rng = np.random.default_rng(1)
        x = rng.gamma(1.5, 40, (256, len(self.feature_names))).astype(np.float32)
        x[rng.random(x.shape) < 0.2] = 0
        _, reference = check_onnx.evaluate(model, x)
        worst = float(np.abs(reference[:, 1] - self.trees.p_fraud(x)).max())
        if worst > 1e-6:
            raise SystemExit(f"peer: compiled tree evaluator differs from check_onnx by {worst:g}")

    def _ensure_table(self) -> None:
        try:
            self.dynamodb.create_table(
                TableName=self.table, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "transactionId", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "transactionId", "KeyType": "HASH"}])
        except self.dynamodb.exceptions.ResourceInUseException:
            pass
        self.dynamodb.get_waiter("table_exists").wait(TableName=self.table)

    def run(self) -> None:
        threading.Thread(target=self._status_loop, daemon=True).start()
        threading.Thread(target=self._wait_for_stdin_close, daemon=True).start()
        try:
            while not self.stop.is_set():
                messages = self.consumer.consume(CONSUME_BATCH, CONSUME_TIMEOUT_S)
                if messages:
                    self._process(messages)
        finally:
            self.consumer.close()
            self.writers.shutdown()
            self._write_log()
            self._print_status(ready=False)

    def _process(self, messages: list[Message]) -> None:
        rows: list[tuple[float, ...]] = []
        txs: list[dict[str, Any]] = []
        trace_ms: list[int] = []
        for message in messages:
            if message.error() is not None:
                if message.error().code() != KafkaError._PARTITION_EOF:
                    print(f"peer: consume error {message.error()}", file=sys.stderr)
                continue
            tx = json.loads(message.value())
            when = datetime.fromisoformat(tx["eventTime"])
            rows.append(self.state.row(tx["cardId"], tx["terminalId"], when, round(tx["amount"] * 100)))
            txs.append(tx)
            trace_ms.append(message.timestamp()[1])
        if not rows:
            return

        features = np.array(rows, dtype=np.float64)[:, self.columns]
        scores = self.trees.p_fraud(features.astype(np.float32))
        decided_at = time.time()
        self.decided += len(rows)

        items = [self._item(tx, feats, float(score)) for tx, feats, score in zip(txs, features.tolist(), scores)]
        chunks = [items[i:i + WRITE_BATCH] for i in range(0, len(items), WRITE_BATCH)]
        for future in wait([self.writers.submit(self._write, chunk) for chunk in chunks]).done:
            future.result()  # a write that failed for good stops the peer: its offsets must not be committed
        durable_at = time.time()
        self.consumer.commit(asynchronous=True)  # everything consumed so far is durable now
        self.durable += len(rows)

        trace = np.array(trace_ms, dtype=np.int64)
        ids = np.fromiter((tx["transactionId"] for tx in txs), dtype=np.int64, count=len(txs))
        self.log.append(np.column_stack([
            ids, trace,
            (int(decided_at * 1e6) - trace * 1000), (int(durable_at * 1e6) - trace * 1000), np.ones_like(ids)]))

    def _item(self, tx: dict[str, Any], features: list[float], score: float) -> dict[str, Any]:
        decision = "BLOCK" if score >= self.block else "REVIEW" if score >= self.review else "APPROVE"
        reasons = ["MODEL_SCORE_BLOCK"] if decision == "BLOCK" else ["MODEL_SCORE_REVIEW"] if decision == "REVIEW" else []
        return {
            "transactionId": {"S": str(tx["transactionId"])},
            "cardId": {"S": tx["cardId"]},
            "terminalId": {"N": str(tx["terminalId"])},
            "amount": {"N": f"{tx['amount']:.2f}"},
            "eventTime": {"S": tx["eventTime"]},
            "score": {"N": repr(score)},
            "decision": {"S": decision},
            "reasons": {"L": [{"S": r} for r in reasons]},
            "modelVersion": {"S": self.model_version},
            "features": {"M": {name: {"N": repr(value)} for name, value in zip(self.feature_names, features)}},
        }

    def _write(self, items: list[dict[str, Any]]) -> None:
        """One BatchWriteItem, retried with backoff until DynamoDB has taken every item."""
        request = {self.table: [{"PutRequest": {"Item": item}} for item in items]}
        backoff = 0.01
        while request:
            response = self.dynamodb.batch_write_item(RequestItems=request)
            request = response.get("UnprocessedItems") or {}
            if request:
                time.sleep(backoff)
                backoff = min(backoff * 2, 1.0)

    def _wait_for_stdin_close(self) -> None:
        sys.stdin.read()
        self.stop.set()

    def _status_loop(self) -> None:
        while not self.stop.is_set():
            self._print_status(self.assigned.is_set())
            time.sleep(STATUS_INTERVAL_S)

    def _print_status(self, ready: bool) -> None:
        status = {"ready": ready, "decided": self.decided, "durable": self.durable, "time_ms": int(time.time() * 1000)}
        sys.stdout.write("@status " + json.dumps(status) + "\n")
        sys.stdout.flush()

    def _write_log(self) -> None:
        rows = np.concatenate(self.log) if self.log else np.empty((0, 5), dtype=np.int64)
        rows.astype("<i8").tofile(self.log_path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", default="transactions")
    parser.add_argument("--group", default="python-peer")
    parser.add_argument("--dynamodb", required=True, help="DynamoDB endpoint URL (DynamoDB Local)")
    parser.add_argument("--table", default="peer-signals")
    parser.add_argument("--model", default=os.path.join(MODEL_DIR, "fraud-model.onnx"))
    parser.add_argument("--log", required=True, help="where to write the per-transaction latency rows at the end")
    Peer(parser.parse_args()).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
