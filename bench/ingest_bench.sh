#!/usr/bin/env bash
# Ingest throughput on one core: narrascope ingest in both stage modes against the Python peer
# (bench/ingest_peer.py: JSON parse + NFC + regex sentence split + SQLite insert), same
# documents, same run. `--stages foundation`: decode + normalise + debris + metadata + language
# + segmentation + identity + store; `--stages all` (the default) adds entity linking and
# claims. Each round runs foundation, peer, all, so both ratios use the peer of their round.
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
ingest() { cpu taskset -c 0 "$bin" ingest "$work/docs.jsonl" --corpus "$work/$1$round" --stages "$1" --quiet; }
for round in 1 2 3; do
  read -r fw fc < <(ingest foundation)
  read -r pw pc < <(cpu taskset -c 0 python3 bench/ingest_peer.py "$work/docs.jsonl" "$work/peer$round.db")
  read -r aw ac < <(ingest all)
  rm -rf "$work/foundation$round" "$work/all$round" "$work/peer$round.db"
  python3 -c "
n=$n; pw,pc=$pw,$pc
print(f'round $round: peer {n/pw:,.0f} docs/s wall, {n/pc:,.0f} per CPU-second')
for mode, w, c in (('foundation', $fw, $fc), ('all', $aw, $ac)):
    print(f'round $round: narrascope --stages {mode}: {n/w:,.0f} docs/s wall, {n/c:,.0f} per CPU-second; '
          f'ratio to peer (CPU) {pc/c:.2f}x')"
done
