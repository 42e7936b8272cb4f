#!/usr/bin/env bash
# Ingest throughput on one core: narrascope ingest (decode + normalise + debris + metadata +
# language + segmentation + identity + store) against the Python peer (bench/ingest_peer.py:
# JSON parse + NFC + regex sentence split + SQLite insert), same documents, same run.
# usage: bash bench/ingest_bench.sh [N=5000] [SIZE=5000] [BIN=target/release/narrascope]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-5000}"; size="${2:-5000}"; bin="${3:-target/release/narrascope}"
[ -x "$bin" ] || cargo build --release --quiet --bin narrascope
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 bench/make_articles.py "$work/docs.jsonl" "$n" "$size"
echo "documents: $n of about $size bytes ($(du -h "$work/docs.jsonl" | cut -f1))"
# The machine is shared: besides wall-clock rates, report rates per CPU-second
# (user + system time of the process), which waiting for a busy core does not inflate.
cpu() { /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >"$work/out"; awk '{print $1, $2+$3}' "$work/time"; }
for round in 1 2 3; do
  read -r nw nc < <(cpu taskset -c 0 "$bin" ingest "$work/docs.jsonl" --corpus "$work/c$round" --quiet)
  read -r pw pc < <(cpu taskset -c 0 python3 bench/ingest_peer.py "$work/docs.jsonl" "$work/peer$round.db")
  python3 -c "
n=$n; nw,nc,pw,pc=$nw,$nc,$pw,$pc
print(f'round $round: narrascope {n/nw:,.0f} docs/s wall, {n/nc:,.0f} per CPU-second; '
      f'peer {n/pw:,.0f} wall, {n/pc:,.0f} per CPU-second; ratio (CPU) {pc/nc:.2f}x')"
done
