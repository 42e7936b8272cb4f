#!/usr/bin/env bash
# Calibration of the narrative matcher's embedding threshold (EVAL.md): the reference
# articles (positives for the iraq-syria catalog), neutral reports written for the tests and
# SemEval-2025 documents about other conflicts and climate (negatives for that catalog) are
# embedded and scored; the table shows what each midpoint would match.
# usage: bash bench/narrative_calibration.sh   (needs ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
semeval=$shared/datasets/semeval2025-task10/dec4-release-subtask2_ipanos7
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp "$shared"/seeds/* crates/narratives/tests/data/neutral-*.txt "$work/in/"
ls "$semeval/Semeval-Task10-English/data/raw-documents" | sort | head -150 |
  while read -r f; do cp "$semeval/Semeval-Task10-English/data/raw-documents/$f" "$work/in/"; done
ls "$semeval/Semeval-Task10-Russian/data/russian_raw-documents" | sort | head -40 |
  while read -r f; do cp "$semeval/Semeval-Task10-Russian/data/russian_raw-documents/$f" "$work/in/"; done
cargo build --release --quiet --bin narrascope -p narrascope-cli
cargo build --release --quiet -p narrascope-narratives --example scores
target/release/narrascope ingest "$work/in" --embed --corpus "$work/c" --quiet
target/release/examples/scores "$work/c" > "$work/scores.jsonl"
python3 bench/narrative_calibration.py "$work/scores.jsonl"
