"""results.jsonl -> markdown table (mean of the 4 folds; deltas vs base16 per fold)."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
rows = [json.loads(line) for line in open(os.path.join(HERE, "results.jsonl"))]
base = next(r for r in rows if r["name"] == "base16")
bf = [f["hb"]["average_precision"] for f in base["folds"]]
print("| set | added features | hb AUC | hb AP | ΔAP hb | hb CP@100 | all AUC | all AP | all CP@100 | per-fold ΔAP hb |")
print("|---|---|---|---|---|---|---|---|---|---|")
seen = set()
for r in rows:
    if r["name"] in seen:
        continue
    seen.add(r["name"])
    added = [f for f in r["features"] if f not in base["features"]]
    d = [f["hb"]["average_precision"] - b for f, b in zip(r["folds"], bf)]
    hb, al = r["hb"], r["all"]
    print(f"| {r['name']} | {', '.join(added) or '—'} | {hb['auc']:.4f} | {hb['average_precision']:.4f} | "
          f"{hb['average_precision'] - base['hb']['average_precision']:+.4f} | {hb['cp_at_100']:.4f} | "
          f"{al['auc']:.4f} | {al['average_precision']:.4f} | {al['cp_at_100']:.4f} | "
          f"{' '.join(f'{x:+.4f}' for x in d)} |")
