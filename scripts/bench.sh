#!/usr/bin/env bash
# Benchmarks (never part of the test command), against the release build on a scratch
# database seeded with the demo data:
#   scripts/bench.sh [seconds]   throughput and latency of the main pages with wrk, on
#                                loopback only, for a bounded time (default 10 s each)
#   scripts/bench.sh phone       Lighthouse's mobile profile on the public pages and two app
#                                pages, and the first working slot tap under the same throttling
#   scripts/bench.sh booking     bookings per second (one at a time and 8 in flight) beside the
#                                raw single-row INSERT rate of the same database, in one run, on
#                                SQLite and PostgreSQL; fails below issue 23's 25 % of raw
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-10}"
duration="$mode"
scripts/setup.sh

if [ "$mode" = booking ]; then
    export SALUS_BENCH_POSTGRES_URL="${SALUS_BENCH_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
    out=$(mktemp)
    trap 'rm -f "$out"' EXIT
    cargo bench -p server --bench booking 2>/dev/null | tee "$out"
    # "bookings, 8 in flight:  N /s  (X% of raw)", once per database.
    ratios=$(sed -n 's/^bookings, 8 in flight: .*(\([0-9.]*\)% of raw).*/\1/p' "$out")
    [ "$(echo "$ratios" | wc -w)" -eq 2 ] || { echo "expected a figure for each database" >&2; exit 1; }
    for ratio in $ratios; do
        awk -v r="$ratio" 'BEGIN { exit !(r >= 25) }' \
            || { echo "8 in flight: $ratio% of raw, below the 25 % target" >&2; exit 1; }
    done
    echo "target met: 8 bookings in flight reach at least 25 % of the raw rate on both databases"
    exit 0
fi
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo; $sudo_cmd apt-get install -y -qq wrk >/dev/null; }
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH" LEPTOS_OUTPUT_NAME=salus
target_dir="${CARGO_TARGET_DIR:-target}"
scripts/build-release.sh >/dev/null

data=$(mktemp -d)
port=3200
SALUS_ADDR="127.0.0.1:$port" SALUS_DATA_DIR="$data" LEPTOS_SITE_ROOT=target/site RUST_LOG=error \
    SALUS_DEMO_DATA=true "$target_dir/release/server" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done

if [ "$mode" = phone ]; then
    # Lighthouse from npm, kept beside the other tools (it downloads no browser: Debian's
    # Chromium is used).
    lighthouse_dir="${SALUS_TOOLS_DIR:-$HOME/.cache/salus}/lighthouse"
    if [ ! -d "$lighthouse_dir/node_modules/lighthouse" ]; then
        mkdir -p "$lighthouse_dir"
        npm install --prefix "$lighthouse_dir" --no-audit --no-fund --loglevel=error lighthouse@12 >/dev/null
    fi
    node scripts/phone-bench.mjs "http://127.0.0.1:$port" "$lighthouse_dir"
    exit 0
fi

main=$(ls target/site/pkg/salus.*.wasm | head -1)
printf 'main WASM chunk: %s bytes raw, %s bytes gzip; %s page chunks\n' "$(stat -c %s "$main")" \
    "$(gzip -9c "$main" | wc -c)" "$(ls target/site/pkg/*.wasm | wc -l)"
for path in /health/live /api/v1/clinics / /doctors; do
    echo "== GET $path (${duration}s, 2 threads, 32 connections, gzip)"
    wrk -t2 -c32 -d"${duration}s" --latency -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$path" \
        | grep -E 'Requests/sec|Latency|50%|99%'
done
