"""Language identification side by side: whatlang (through narrascope) and the Python
lingua-language-detector package, on exactly the same documents and sentences.

Runs the `lang_bench` example, which evaluates whatlang and the Language stage and writes
the items it judged to a JSON-lines file outside the repository; then runs lingua on the
same items and prints accuracy and speed for all of them.

    python3 -m venv /work/venv-lang && /work/venv-lang/bin/pip install lingua-language-detector
    CARGO_TARGET_DIR=/tmp/narrascope-target /work/venv-lang/bin/python bench/lang_bench.py \
        [--per-source 100] [--items /tmp/lang-items.jsonl]

Run from the workspace root; cargo builds into $CARGO_TARGET_DIR when it is set. Reads ../shared/datasets at run time; nothing is copied.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import time


def run_rust(per_source, items):
    cmd = ["cargo", "run", "--release", "-q", "-p", "narrascope-analyze", "--example", "lang_bench",
           "--", "--per-source", str(per_source), "--out", items]
    print("$", " ".join(cmd), file=sys.stderr)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out.stdout


def lingua_detectors():
    from lingua import LanguageDetectorBuilder
    yield "lingua (all 75, high accuracy)", LanguageDetectorBuilder.from_all_languages().build()
    yield ("lingua (all 75, low accuracy)",
           LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build())


def code(lang):
    return None if lang is None else lang.iso_code_639_1.name.lower()


def evaluate(name, detector, items):
    rows = collections.defaultdict(lambda: collections.Counter())
    timing = collections.Counter()
    for kind in ("doc", "sentence"):
        batch = [it for it in items if it["kind"] == kind]
        # warm up (lazy model loading) outside the timed part
        detector.detect_language_of(batch[0]["text"])
        start = time.perf_counter()
        preds = [code(detector.detect_language_of(it["text"])) for it in batch]
        timing[kind] = time.perf_counter() - start
        for it, p in zip(batch, preds):
            rows[(kind, it["gold"])]["total"] += 1
            rows[(kind, it["gold"])]["right"] += int(p == it["gold"])
    return rows, timing


def summarise(items, field):
    rows = collections.defaultdict(lambda: collections.Counter())
    for it in items:
        if field in it:
            rows[(it["kind"], it["gold"])]["total"] += 1
            rows[(it["kind"], it["gold"])]["right"] += int(it[field] == it["gold"])
    return rows


def pct(c):
    return 100.0 * c["right"] / max(1, c["total"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-source", type=int, default=100)
    ap.add_argument("--items", default="/tmp/narrascope-lang-items.jsonl")
    args = ap.parse_args()
    if not os.path.isdir("crates/analyze"):
        sys.exit("run from the workspace root")
    rust_report = run_rust(args.per_source, args.items)
    with open(args.items, encoding="utf-8") as f:
        items = [json.loads(line) for line in f]
    if not items:
        sys.exit("no items: ../shared/datasets missing?")
    columns = [("whatlang", summarise(items, "whatlang"), None),
               ("Language stage", summarise(items, "vote") | summarise(items, "stage"), None)]
    for name, det in lingua_detectors():
        rows, timing = evaluate(name, det, items)
        columns.append((name, rows, timing))
    langs = sorted({it["gold"] for it in items})
    for kind in ("doc", "sentence"):
        print(f"\n### {kind}-level accuracy\n")
        print("| lang | n | " + " | ".join(c[0] for c in columns) + " |")
        print("|---|---|" + "---|" * len(columns))
        for lang in langs + ["all"]:
            cells = []
            n = 0
            for _, rows, _ in columns:
                if lang == "all":
                    c = collections.Counter()
                    for (k, _), v in rows.items():
                        if k == kind:
                            c.update(v)
                else:
                    c = rows[(kind, lang)]
                n = max(n, c["total"])
                cells.append(f"{pct(c):.1f}%")
            print(f"| {lang} | {n} | " + " | ".join(cells) + " |")
    print("\n### speed (single thread)\n")
    n_docs = sum(1 for it in items if it["kind"] == "doc")
    n_sents = len(items) - n_docs
    for name, _, timing in columns:
        if timing:
            print(f"- {name}: {n_docs / timing['doc']:.0f} docs/s, {n_sents / timing['sentence']:.0f} sentences/s")
    print("\nwhatlang (narrascope lang_bench, same run):")
    print(rust_report)


if __name__ == "__main__":
    main()
