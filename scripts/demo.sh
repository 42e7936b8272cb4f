#!/usr/bin/env bash
# Builds narrascope, ingests the shipped demo corpus into a fresh corpus directory (installing
# the embedding model on first use) and prints what it found: the corpus, the narratives it
# carries with their evidence, how the texts travelled between outlets and languages, the
# persuasion techniques and cited sources, and a cross-lingual search.
# Usage: bash scripts/demo.sh [corpus-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-target/demo-corpus}"

cargo build --release --quiet --bin narrascope
bin="${CARGO_TARGET_DIR:-target}/release/narrascope"

rm -rf "$corpus"
echo "== narrascope ingest demo/ --embed --corpus $corpus"
"$bin" ingest demo/ --embed --corpus "$corpus"
echo
echo "== narrascope stats"
"$bin" stats --corpus "$corpus"
echo
echo "== narrascope analyze demo/"
"$bin" analyze demo/ --quiet
echo
echo "== narrascope narratives"
"$bin" narratives --corpus "$corpus"
echo
echo "== narrascope techniques"
"$bin" techniques --corpus "$corpus"
echo
echo "== narrascope sources"
"$bin" sources --corpus "$corpus"
echo
echo "== narrascope search \"gas exports\" --hybrid"
"$bin" search "gas exports" --hybrid --corpus "$corpus"
