#!/usr/bin/env python3
"""Peer for the MinHash/LSH benchmark: datasketch MinHash + MinHashLSH on the same corpus.

Same parameters as the narrascope example: 128 permutations, 3-word shingles of lowercased
alphanumeric words, threshold 0.8, banding chosen by datasketch itself. Candidates from the
LSH are verified against the signatures (estimated Jaccard >= threshold), as in narrascope.

usage: minhash_peer.py DOCS.jsonl PAIRS_OUT.tsv [--threshold 0.8] [--num-perm 128] [--shingle 3]
Prints timings (wall seconds; `cpu`: CPU seconds of the process) as `key value` lines; writes `i<TAB>j<TAB>estimate` lines, i < j.
"""
import argparse
import json
import re
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"[^\W_]+")


def shingles(text, k):
    words = WORD.findall(text.lower())
    if not words:
        return []
    k = min(k, len(words))
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("out")
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--shingle", type=int, default=3)
    a = ap.parse_args()
    with open(a.docs, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]

    c0, t0 = time.process_time(), time.perf_counter()
    sets = [shingles(t, a.shingle) for t in texts]
    sigs = MinHash.bulk(sets, num_perm=a.num_perm)
    t1 = time.perf_counter()
    lsh = MinHashLSH(threshold=a.threshold, num_perm=a.num_perm)
    with lsh.insertion_session() as session:
        for i, m in enumerate(sigs):
            session.insert(i, m, check_duplication=False)
    t2 = time.perf_counter()
    pairs = []
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            if j > i:
                est = m.jaccard(sigs[j])
                if est >= a.threshold:
                    pairs.append((i, j, est))
    pairs.sort()
    t3, c3 = time.perf_counter(), time.process_time()

    with open(a.out, "w") as f:
        for i, j, est in pairs:
            f.write(f"{i}\t{j}\t{est:.6f}\n")
    print(f"docs {len(texts)}")
    print(f"params {lsh.b}x{lsh.r}")
    print(f"signatures {t1 - t0:.3f}")
    print(f"index {t2 - t1:.3f}")
    print(f"query {t3 - t2:.3f}")
    print(f"total {t3 - t0:.3f}")
    print(f"cpu {c3 - c0:.3f}")
    print(f"pairs {len(pairs)}")


if __name__ == "__main__":
    main()
