"""Peer timings on the corpus written by `ingest_bench SCALE DIR`: trafilatura for HTML
main-text extraction, and the Python standard library for JSONL and CSV parsing."""
import csv
import json
import pathlib
import sys
import time

import trafilatura

d = pathlib.Path(sys.argv[1])
t = time.perf_counter()
n = 0
for f in sorted((d / "html").iterdir()):
    if trafilatura.extract(f.read_text(encoding="utf-8"), with_metadata=True):
        n += 1
print(f"trafilatura HTML files: {n} docs, {time.perf_counter() - t:.2f} s")
t = time.perf_counter()
with open(d / "rows.jsonl", encoding="utf-8") as fh:
    n = sum(1 for line in fh if json.loads(line).get("text"))
print(f"python json JSONL: {n} docs, {time.perf_counter() - t:.2f} s")
t = time.perf_counter()
with open(d / "rows.csv", encoding="utf-8", newline="") as fh:
    n = sum(1 for row in csv.DictReader(fh) if row.get("text"))
print(f"python csv CSV: {n} docs, {time.perf_counter() - t:.2f} s")
