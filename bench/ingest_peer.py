#!/usr/bin/env python3
"""The peer for the ingest benchmark: the least work any store of these documents does —
parse each JSONL line, NFC-normalise the text, split it into sentences with a regular
expression, and insert document and sentence rows into SQLite (WAL) in batches. No
language identification, metadata recovery or debris removal.

usage: ingest_peer.py IN.jsonl DB
"""
import json
import re
import sqlite3
import sys
import time
import unicodedata

SPLIT = re.compile(r"(?<=[.!?])\s+")


def main():
    src, db = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, title TEXT, date TEXT, text TEXT)")
    con.execute("CREATE TABLE IF NOT EXISTS sentences (doc TEXT, seq INT, start INT, end INT)")
    t0 = time.perf_counter()
    n = 0
    with open(src, encoding="utf-8") as f:
        batch = []
        for line in f:
            d = json.loads(line)
            text = unicodedata.normalize("NFC", d["text"])
            did = f"{n:016x}"
            rows, pos = [], 0
            for i, s in enumerate(SPLIT.split(text)):
                start = text.find(s, pos)
                rows.append((did, i, start, start + len(s)))
                pos = start + len(s)
            batch.append(((did, d.get("title"), d.get("date"), text), rows))
            n += 1
            if len(batch) == 256:
                flush(con, batch)
        flush(con, batch)
    dt = time.perf_counter() - t0
    print(json.dumps({"docs": n, "seconds": dt, "docs_per_s": n / dt}))


def flush(con, batch):
    with con:
        con.executemany("INSERT INTO docs VALUES (?,?,?,?)", [b[0] for b in batch])
        con.executemany("INSERT INTO sentences VALUES (?,?,?,?)", [r for b in batch for r in b[1]])
    batch.clear()


if __name__ == "__main__":
    main()
