#!/usr/bin/env python3
"""Writes N article-sized JSONL documents (about SIZE bytes of text each) for ingest
benchmarks. Sentences are drawn from the demo corpus and, when present, the seed
articles in ../shared/seeds, so the text mixes real multilingual prose; each document
gets a distinct serial sentence so no two are exact duplicates.

usage: make_articles.py OUT.jsonl [N=5000] [SIZE=5000] [SEED=1]
"""
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sentences():
    pool = {}
    files = list((ROOT / "demo").rglob("*")) + list((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    for f in files:
        if not f.is_file():
            continue
        text = re.sub(r"<[^>]+>", " ", f.read_text(encoding="utf-8", errors="replace"))
        for s in re.split(r"(?<=[.!?؟])\s+", text):
            s = " ".join(s.split())
            if 40 <= len(s) <= 400 and '"' not in s[:1]:
                pool.setdefault(f.name, []).append(s)
    return [v for v in pool.values() if v]


def main():
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    groups = sentences()
    outlets = ["Northern Ledger", "Le Veilleur", "El Observador Libre", "Nachrichtenblick", "Al-Manbar"]
    with out.open("w", encoding="utf-8") as w:
        for i in range(n):
            group = rng.choice(groups)
            paras, length = [], 0
            while length < size:
                para = " ".join(rng.choice(group) for _ in range(rng.randint(2, 5)))
                paras.append(para)
                length += len(para.encode()) + 2
            paras.insert(1, f"Serial {i} of the benchmark set.")
            doc = {
                "title": f"Benchmark article {i}",
                "text": "\n\n".join(paras),
                "date": f"20{rng.randint(17, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "source": rng.choice(outlets),
                "url": f"https://bench.example/{i}",
            }
            w.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
