#!/usr/bin/env bash
# Load benchmark (never part of the test command): serves the release build on a scratch
# database and measures throughput and latency of the main pages with wrk, on loopback only,
# for a bounded time. Usage: scripts/bench.sh [seconds per endpoint, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
scripts/setup.sh
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo; $sudo_cmd apt-get install -y -qq wrk >/dev/null; }
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH" LEPTOS_OUTPUT_NAME=salus
target_dir="${CARGO_TARGET_DIR:-target}"
cargo leptos build --release >/dev/null

data=$(mktemp -d)
port=3200
SALUS_ADDR="127.0.0.1:$port" SALUS_DATA_DIR="$data" LEPTOS_SITE_ROOT=target/site RUST_LOG=error \
    "$target_dir/release/server" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done

wasm=$(ls target/site/pkg/*.wasm)
printf 'WASM bundle: %s bytes raw, %s bytes gzip\n' "$(stat -c %s "$wasm")" "$(gzip -9c "$wasm" | wc -c)"
for path in /health/live /api/v1/clinics / /doctors; do
    echo "== GET $path (${duration}s, 2 threads, 32 connections, gzip)"
    wrk -t2 -c32 -d"${duration}s" --latency -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$path" \
        | grep -E 'Requests/sec|Latency|50%|99%'
done
