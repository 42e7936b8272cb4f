#!/usr/bin/env bash
# MinHash/LSH near-duplicate search: narrascope-lineage vs the Python datasketch package.
#
# Both run pinned to one core (taskset -c 0) on the same generated corpus, with 128
# permutations, 3-word shingles and threshold 0.8; both verify LSH candidates against the
# signatures. Recall and precision are measured against exact Jaccard >= 0.8 over every planted
# family pair plus every pair either tool reported.
#
# usage: bench/minhash_bench.sh            (100,000 documents)
#        DOCS=20000 bench/minhash_bench.sh
# env:   PEER_PYTHON  python with datasketch==2.0.0 installed (default: python3)
#        OUT          work directory (default: $TMPDIR/narrascope-minhash)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCS=${DOCS:-100000}
OUT=${OUT:-${TMPDIR:-/tmp}/narrascope-minhash}
PEER_PYTHON=${PEER_PYTHON:-python3}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$OUT"

CORPUS=$OUT/docs-$DOCS.jsonl
if [ ! -s "$CORPUS" ]; then
    python3 "$ROOT/bench/make_near_dups.py" "$CORPUS" --docs "$DOCS"
fi
(cd "$ROOT" && CARGO_TARGET_DIR=$TARGET cargo build -q --release --example minhash_bench -p narrascope-lineage)

echo "== datasketch $("$PEER_PYTHON" -c 'import datasketch; print(datasketch.__version__)')"
taskset -c 0 "$PEER_PYTHON" "$ROOT/bench/minhash_peer.py" "$CORPUS" "$OUT/peer.tsv" | tee "$OUT/peer.txt"
echo "== narrascope-lineage"
taskset -c 0 "$TARGET/release/examples/minhash_bench" "$CORPUS" "$OUT/rust.tsv" | tee "$OUT/rust.txt"

python3 - "$CORPUS" "$OUT" <<'PY'
import itertools, json, re, sys
from collections import defaultdict

corpus, out = sys.argv[1], sys.argv[2]
word = re.compile(r"[^\W_]+")
texts, families = [], defaultdict(list)
with open(corpus, encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        texts.append(d["text"])
        if d["family"] is not None:
            families[d["family"]].append(d["id"])

def shingles(t, k=3):
    w = word.findall(t.lower())
    k = min(k, len(w))
    return {tuple(w[i:i + k]) for i in range(len(w) - k + 1)} if w else set()

def found(name):
    with open(f"{out}/{name}.tsv") as f:
        return {(int(i), int(j)) for i, j, _ in (l.split("\t") for l in f)}

def seconds(name, key):
    with open(f"{out}/{name}.txt") as f:
        return next(float(l.split()[1]) for l in f if l.split()[0] == key)

peer, rust = found("peer"), found("rust")
cands = {tuple(sorted(p)) for ids in families.values() for p in itertools.combinations(ids, 2)}
cands |= peer | rust
cache = {}
def sh(i):
    if i not in cache:
        cache[i] = shingles(texts[i])
    return cache[i]
def jac(i, j):
    a, b = sh(i), sh(j)
    return len(a & b) / len(a | b) if a and b else 0.0
exact = {p: jac(*p) for p in cands}
truth = {p for p, j in exact.items() if j >= 0.8}
tp, tr = seconds("peer", "total"), seconds("rust", "total")
cp, cr = seconds("peer", "cpu"), seconds("rust", "cpu")
print(f"== {len(texts)} documents, {len(truth)} pairs with exact Jaccard >= 0.8")
for name, s, t, c in (("datasketch", peer, tp, cp), ("narrascope", rust, tr, cr)):
    hit = len(s & truth)
    print(f"{name:>11}: {t:8.2f} s wall  {c:8.2f} s CPU  pairs {len(s):6d}  recall {hit / max(len(truth), 1):.4f}"
          f"  precision {hit / max(len(s), 1):.4f}")
print(f"speed ratio (datasketch / narrascope): {tp / tr:.1f}x wall, {cp / cr:.1f}x CPU")
for lo, hi in ((0.8, 0.85), (0.85, 0.9), (0.9, 1.01)):
    band = {p for p in truth if lo <= exact[p] < hi}
    r = "  ".join(f"{n} {len(s & band) / max(len(band), 1):.4f}"
                  for n, s in (("datasketch", peer), ("narrascope", rust)))
    print(f"recall for exact Jaccard in [{lo:.2f}, {min(hi, 1):.2f}): {len(band):5d} pairs  {r}")
PY
