"""Reads the JSONL of `examples/scores` and prints, for several logistic midpoints, how many
reference articles, neutral reports and SemEval documents would carry an iraq-syria
narrative (the matcher's rule: score = 1-(1-sigmoid(25*(similarity-midpoint)))*(1-p_claims))."""
import json, math, sys

PARENT = "iraq-syria/us-fight-not-genuine"
COLLUSION = PARENT + "/us-colludes-with-isis"


def group(source):
    name = source.rsplit("/", 1)[-1]
    if name[:3].isdigit() and name[3] == "_":
        return "seed"
    return "neutral" if name.startswith("neutral-") else "semeval"


def score(sim, p_claims, mid):
    p = 1 / (1 + math.exp(-25 * (sim - mid)))
    return 1 - (1 - p) * (1 - p_claims)


rows = [json.loads(line) for line in open(sys.argv[1])]
children = {}
for n in rows[0]["scores"]:
    if n.count("/") == 2:
        children.setdefault(n.rsplit("/", 1)[0], []).append(n)
print("| midpoint | seeds with parent | seeds with collusion | neutral with any iraq-syria | SemEval docs with any iraq-syria |")
print("|---|---|---|---|---|")
for mid in (0.50, 0.55, 0.58, 0.60, 0.62, 0.65):
    counts = {"parent": 0, "collusion": 0, "neutral": 0, "semeval": 0}
    totals = {"seed": 0, "neutral": 0, "semeval": 0}
    for r in rows:
        g = group(r["source"])
        totals[g] += 1
        s = {n: score(v[0], v[1], mid) for n, v in r["scores"].items() if n.startswith("iraq-syria/")}
        for parent, kids in children.items():
            if parent in s:
                s[parent] = max([s[parent]] + [s[k] for k in kids])
        hit = {n for n, v in s.items() if v >= 0.5}
        if g == "seed":
            counts["parent"] += PARENT in hit
            counts["collusion"] += COLLUSION in hit
        elif hit:
            counts[g] += 1
    print(f"| {mid:.2f} | {counts['parent']}/{totals['seed']} | {counts['collusion']}/{totals['seed']} | "
          f"{counts['neutral']}/{totals['neutral']} | {counts['semeval']}/{totals['semeval']} |")
