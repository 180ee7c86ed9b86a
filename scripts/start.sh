#!/usr/bin/env bash
# Installs the toolchain if needed, builds Salus in release mode and serves it at
# http://127.0.0.1:3000 on its embedded default: an SQLite file under ./data, demo data seeded
# on the first start (logins in README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Online payment in development goes to localstripe, which delivers its webhooks here.
scripts/localstripe.sh "http://127.0.0.1:3000/webhooks/stripe"
# wasm-opt behind its small-file filter (scripts/tools/wasm-opt), then npm's tools.
export PATH="$PWD/scripts/tools:$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
exec cargo leptos serve --release --split
