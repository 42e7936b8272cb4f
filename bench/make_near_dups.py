#!/usr/bin/env python3
"""Deterministic near-duplicate corpus for the MinHash/LSH benchmark.

Writes JSONL lines {"id": int, "family": int or null, "text": str}: DOCS documents of about
WORDS words drawn (Zipf-like) from a synthetic vocabulary. FAMILIES originals each get 1-3
variants made by substituting words (plus, for some, deleting or inserting a short span), at a
substitution rate chosen so that the expected Jaccard over 3-word shingles is one of LEVELS.
Documents are shuffled so that members of a family are scattered.

usage: make_near_dups.py OUT.jsonl [--docs 100000] [--words 300] [--families 3000] [--seed 7]
"""
import argparse
import json
import random

LEVELS = [0.98, 0.95, 0.9, 0.85, 0.82, 0.78, 0.75, 0.7, 0.6, 0.5]
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["ch", "an", "or", "el"]


def vocabulary(rng, size):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    words = sorted(words)
    rng.shuffle(words)  # frequency rank independent of spelling
    return words


def substitution_rate(jaccard, k=3):
    # A substituted word changes the k shingles covering it: kept share u = (1 - p)^k,
    # and Jaccard = u / (2 - u) for two sets of equal size.
    kept = 2 * jaccard / (1 + jaccard)
    return 1 - kept ** (1 / k)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--families", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    vocab = vocabulary(rng, 30_000)
    weights = [1 / (r + 10) for r in range(len(vocab))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def draw(n):
        return rng.choices(vocab, cum_weights=cum, k=n)

    def doc():
        return draw(a.words + rng.randint(-30, 30))

    docs = []  # (family, words)
    for fam in range(a.families):
        base = doc()
        docs.append((fam, base))
        for _ in range(rng.randint(1, 3)):
            p = substitution_rate(rng.choice(LEVELS))
            var = [draw(1)[0] if rng.random() < p else w for w in base]
            if rng.random() < 0.3:
                i = rng.randrange(len(var))
                if rng.random() < 0.5:
                    del var[i:i + rng.randint(3, 12)]
                else:
                    var[i:i] = draw(rng.randint(3, 12))
            docs.append((fam, var))
    while len(docs) < a.docs:
        docs.append((None, doc()))
    docs = docs[:a.docs]
    rng.shuffle(docs)
    with open(a.out, "w", encoding="utf-8") as f:
        for i, (fam, words) in enumerate(docs):
            f.write(json.dumps({"id": i, "family": fam, "text": " ".join(words)}) + "\n")


if __name__ == "__main__":
    main()
