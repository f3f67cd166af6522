"""Analysts' labels from the service's labels table (DynamoDB), for retraining.

The silo writes one item per labelled transaction (src/Silo/Labels/LabelItems.cs):
transactionId (S, the key), label ("fraud" | "genuine"), cardId, terminalId, eventTime,
labelledBy, labelledAt. An analyst's verdict overrides the file's TX_FRAUD for that
transaction: it is newer knowledge (a fraud the simulator's scenarios did not mark, or a
false positive cleared). Applied before the features are computed, so terminal risk
features see the analysts' frauds as the service's terminal risk does.

    python3 model/table_labels.py --endpoint http://127.0.0.1:8000 --table fraud-labels --out labels.csv

AWS credentials come from boto3's default chain; a local endpoint (DynamoDB Local) without
any gets a dummy pair, as the service's embedded DynamoDB Local does.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys

LABELS = {"fraud": 1, "genuine": 0}


def read_labels(endpoint: str | None, table: str, region: str = "us-east-1") -> dict[int, int]:
    """Every labelled transaction id -> 1 (fraud) or 0 (genuine), by a full scan of the table."""
    import boto3

    if endpoint and endpoint.startswith("http://127.0.0.1") and not os.environ.get("AWS_ACCESS_KEY_ID"):
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    client = boto3.client("dynamodb", endpoint_url=endpoint or None, region_name=region)
    labels: dict[int, int] = {}
    kwargs = {"TableName": table, "ConsistentRead": True,
              "ProjectionExpression": "#id, #label",
              "ExpressionAttributeNames": {"#id": "transactionId", "#label": "label"}}
    while True:
        page = client.scan(**kwargs)
        for item in page.get("Items", []):
            value = item.get("label", {}).get("S")
            if value not in LABELS:
                raise ValueError(f"labels table {table}: transaction {item.get('transactionId')} has label {value!r}")
            labels[int(item["transactionId"]["S"])] = LABELS[value]
        if "LastEvaluatedKey" not in page:
            return labels
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def apply_labels(df, labels: dict[int, int]) -> tuple[int, int, int]:
    """Overrides TX_FRAUD in place; returns (labels applied, of which changed TX_FRAUD, ids not in the data)."""
    ids = df["TRANSACTION_ID"].to_numpy()
    position = {int(t): i for i, t in enumerate(ids)}
    fraud = df["TX_FRAUD"].to_numpy(copy=True)
    applied = changed = 0
    for transaction, label in labels.items():
        i = position.get(transaction)
        if i is None:
            continue
        applied += 1
        changed += int(fraud[i] != label)
        fraud[i] = label
    df["TX_FRAUD"] = fraud
    return applied, changed, len(labels) - applied


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", help="DynamoDB endpoint URL (default: AWS)")
    parser.add_argument("--table", default="fraud-labels")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--out", required=True, help="CSV to write: TRANSACTION_ID,TX_FRAUD")
    args = parser.parse_args(argv)
    labels = read_labels(args.endpoint, args.table, args.region)
    with open(args.out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["TRANSACTION_ID", "TX_FRAUD"])
        for transaction in sorted(labels):
            writer.writerow([transaction, labels[transaction]])
    print(f"{len(labels)} labels written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
