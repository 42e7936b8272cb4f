#!/usr/bin/env bash
# Search at corpus scale: generates a corpus of N documents (default 100000) outside the
# repository, ingests it, stores its vectors from an embedded sentence pool, builds the
# search indexes and measures queries against the peers (plain FTS5, exact search).
#   bench/search_bench.sh [N] [WORK_DIR]
# Needs ../shared/datasets beside the repository and the embedding model (installed on
# first use). Delete WORK_DIR afterwards (about 1.2 GB at 100k). The semantic index alone at
# larger scale, on synthetic vectors:
#   cargo run --release -p narrascope-cli --example search_scale -- 1000000 /tmp/scale
set -euo pipefail
N=${1:-100000}
WORK=${2:-/tmp/narrascope-search-$N}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
cargo build --release -q -p narrascope-cli --bin narrascope \
  --example search_corpus --example search_vectors --example search_bench
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release
rm -rf "$WORK" && mkdir -p "$WORK"
"$BIN/examples/search_corpus" "$N" "$WORK/gen"
t() { /usr/bin/time -f "%e s wall, %M KB peak RSS" "$@"; }
echo "== ingest (analysis pipeline, no embeddings)"
t "$BIN/narrascope" ingest --quiet --corpus "$WORK/corpus" "$WORK"/gen/docs-*.jsonl
echo "== vectors (pool embedded once, then looked up per sentence)"
t "$BIN/examples/search_vectors" "$WORK/corpus" "$WORK/gen/pool.txt"
echo "== search indexes"
t "$BIN/examples/search_bench" index "$WORK/corpus"
du -sh "$WORK/corpus"
echo "== queries"
t "$BIN/examples/search_bench" query "$WORK/corpus" 300
