#!/usr/bin/env bash
# Narrative matching, lineage and discovery throughput (BENCHMARKS.md).
# 1. embeds the SemEval-2025 en/pt/bg training documents (about 1,200) into a corpus;
# 2. matches them on one core (`taskset -c 0`), three rounds;
# 3. builds a corpus of N synthetic documents from their sentences and stored vectors
#    (examples/synth_corpus; no embedding) and runs a full `narratives` update over it on
#    both cores: matching, lineage (MinHash-LSH + sentence alignment) and discovery.
# usage: bash bench/narratives_bench.sh [N=100000]   (needs ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
semeval=../shared/datasets/semeval2025-task10/dec4-release-subtask2_ipanos7
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
for l in English Portuguese Bulgarian; do
  cp "$semeval"/Semeval-Task10-$l/data/*raw-documents/*.txt "$work/in/"
done
cargo build --release --quiet --bin narrascope -p narrascope-cli
cargo build --release --quiet -p narrascope-narratives --example synth_corpus
bin=target/release/narrascope
$bin ingest "$work/in" --embed --corpus "$work/small" --quiet
echo "small corpus: $(ls "$work/in" | wc -l) files"
for round in 1 2 3; do
  echo "round $round (one core): $(taskset -c 0 $bin narratives --rematch --corpus "$work/small" 2>&1 >/dev/null | grep '^narratives:')"
done
target/release/examples/synth_corpus "$work/small" "$work/big" "$n" 2>/dev/null
echo "synthetic corpus: $n documents, $(du -sh "$work/big" | cut -f1)"
/usr/bin/time -f "update: %e s wall, %U s user + %S s system, %M KB peak RSS" \
  $bin narratives --corpus "$work/big" 2>&1 >/dev/null | grep -E '^(narratives|update):'
