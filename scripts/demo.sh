#!/usr/bin/env bash
# Builds narrascope, ingests the shipped demo corpus into a fresh corpus directory and
# prints what it found. Usage: bash scripts/demo.sh [corpus-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-target/demo-corpus}"

cargo build --release --quiet --bin narrascope
bin=target/release/narrascope

rm -rf "$corpus"
echo "== narrascope ingest demo/ --corpus $corpus"
"$bin" ingest demo/ --corpus "$corpus"
echo
echo "== narrascope stats"
"$bin" stats --corpus "$corpus"
echo
echo "== narrascope analyze demo/"
"$bin" analyze demo/ --quiet
