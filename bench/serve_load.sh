#!/usr/bin/env bash
# Load on `narrascope serve`: the demo corpus is ingested once, copied COPIES times under new
# ids (examples/serve_load copy), served, and CLIENTS keep-alive clients cycle for SECONDS
# through documents list, one document, narratives, actors, one actor, stats and full-text search
# (examples/serve_load run). Prints requests/s and p50/p95/p99 latency per endpoint, after
# the time the dashboard and narrative pages take to get their data (serve_load pages).
# The rate limit is lifted (--rate/--burst): every client shares the loopback address.
# usage: [WARM_WAIT=S] bash bench/serve_load.sh [COPIES=11112] [SECONDS=60] [CLIENTS=50]
# (demo: 9 documents)
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-11112}"; secs="${2:-60}"; clients="${3:-50}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin narrascope -p narrascope-cli
cargo build --release --quiet -p narrascope-server --example serve_load
bin="$target/release/narrascope"; load="$target/release/examples/serve_load"
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# Narrative matches need the embedding model (`narrascope model`); without it, none.
if "$bin" ingest demo --embed --corpus "$work/seed" --quiet 2>/dev/null; then
  "$bin" narratives --corpus "$work/seed" >/dev/null 2>&1 || true
else
  rm -rf "$work/seed"; "$bin" ingest demo --corpus "$work/seed" --quiet
fi
"$load" copy "$work/seed" "$work/big" "$copies"
echo "corpus: $("$bin" stats --corpus "$work/big" 2>/dev/null | sed -n 2p)"
echo "corpus size on disk: $(du -sh "$work/big" | cut -f1); cores: $(nproc)"
"$bin" serve --corpus "$work/big" --bind 127.0.0.1:0 --rate 1000000000 --burst 1000000000 \
  --quiet >"$work/url" 2>"$work/err" &
server=$!
for _ in $(seq 1 100); do grep -q http "$work/url" 2>/dev/null && break; sleep 0.2; done
addr=$(sed -n 's#.*http://\([^/]*\)/.*#\1#p' "$work/url" | head -1)
[ -n "$addr" ] || { cat "$work/err"; exit 1; }
# Page data as the UI fetches it: a first visit WARM_WAIT seconds after start (default 0:
# views are still being computed in the background), then a second one.
wait="${WARM_WAIT:-0}"; sleep "$wait"
echo "| visit | dashboard ms | narratives ms | top narrative ms |"
echo "|---|---:|---:|---:|"
"$load" pages "$addr" "first, ${wait} s after start"
"$load" pages "$addr" "second"
echo "server: $addr; $clients clients for $secs s"
"$load" run "$addr" "$secs" "$clients"
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
