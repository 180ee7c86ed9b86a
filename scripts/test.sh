#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit tests, HTTP integration tests on SQLite and on
# PostgreSQL, the release build, and the browser journeys in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test

export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
export LEPTOS_OUTPUT_NAME=salus
target_dir="${CARGO_TARGET_DIR:-target}"
logs="$target_dir/test-logs"
mkdir -p "$logs"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
started=$(date +%s)

# A kept cache (CI's) may have lost a build script's unpacked files: mend it before building.
scripts/tools/heal-build-cache.sh

step "Formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "Lints (clippy, server and browser code)"
cargo clippy --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "The browser's build holds no server crate (cargo tree, wasm32)"
# The UI crate reaches the backend only under its server feature: sqlx, tokio, axum and the
# backend itself never enter the WASM a phone downloads (issue 22).
server_crates=$(cargo tree -p app --target wasm32-unknown-unknown --features hydrate -e normal \
    | grep -E '(^|[ -])(backend|sqlx|tokio|axum) v' || true)
if [ -n "$server_crates" ]; then
    echo "server crates in the browser's build:" >&2
    echo "$server_crates" >&2
    exit 1
fi

step "Unit and HTTP integration tests (SQLite and PostgreSQL, payments against localstripe)"
scripts/localstripe.sh
# The hang check (500 signed-in page renders, each within 10 s) runs on its own afterwards:
# beside the other tests' load, a page was seen not finishing in 10 s (README, "Known issue").
hang_check=signed_in_pages_render_500_times_without_hanging
cargo test -- --skip "$hang_check" 2>&1 | tee "$logs/cargo-test.log"
cargo test -p server --test api "$hang_check" -- --test-threads=1 2>&1 | tee -a "$logs/cargo-test.log"
sqlite_ok=$(grep -cE '^test .*::sqlite::.* \.\.\. ok$' "$logs/cargo-test.log" || true)
postgres_ok=$(grep -cE '^test .*::postgres::.* \.\.\. ok$' "$logs/cargo-test.log" || true)
all_ok=$(grep -cE '^test .* \.\.\. ok$' "$logs/cargo-test.log" || true)

step "Release build (server + WASM split by page, as shipped)"
scripts/build-release.sh

step "Deploy (Kubernetes overlays validated, the image's entrypoint run as two instances)"
scripts/check-deploy.sh

step "Browser journeys (Playwright, headless Chromium, phone and desktop)"
e2e_data=$(mktemp -d)
# A free port, so a server left running elsewhere is never the one under test.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SALUS_ADDR="127.0.0.1:$port" SALUS_DATA_DIR="$e2e_data" LEPTOS_SITE_ROOT=target/site \
    RUST_LOG=warn "$target_dir/release/server" > "$logs/e2e-server.log" 2>&1 &
server_pid=$!
live_pids=()
live_db=""
admin_url="${SALUS_TEST_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
cleanup() {
    kill "$server_pid" "${live_pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
    [ -n "$live_db" ] && psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $live_db WITH (FORCE)" >/dev/null 2>&1
    rm -rf "$e2e_data" || true
}
trap cleanup EXIT
wait_ready() { # pid port log
    for _ in $(seq 1 120); do
        kill -0 "$1" 2>/dev/null || break
        if curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null; then return 0; fi
        sleep 0.5
    done
    echo "a server for the browser journeys did not start:" >&2
    cat "$3" >&2
    exit 1
}
wait_ready "$server_pid" "$port" "$logs/e2e-server.log"
scripts/localstripe.sh "http://127.0.0.1:$port/webhooks/stripe"

# Two more instances on one PostgreSQL database, for the journey that watches a slot booked
# on one leave a page open on the other (live slots, issue 23). The first seeds the demo
# data; the second starts once it has. They share the session key, as instances do.
live_db="salus_e2e_live_$$"
psql -q "$admin_url" -c "CREATE DATABASE $live_db" >/dev/null
live_urls=()
for instance in 1 2; do
    live_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    SALUS_ADDR="127.0.0.1:$live_port" SALUS_DATA_DIR="$e2e_data/live-$instance" \
        DATABASE_URL="${admin_url%/*}/$live_db" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
        SALUS_JWT_SECRET="e2e-live-instances-share-this-key-0123456789" \
        "$target_dir/release/server" > "$logs/e2e-live-$instance.log" 2>&1 &
    live_pids+=($!)
    wait_ready "$!" "$live_port" "$logs/e2e-live-$instance.log"
    live_urls+=("http://127.0.0.1:$live_port")
done

(cd end2end && SALUS_BASE_URL="http://127.0.0.1:$port" SALUS_LIVE_URLS="$(IFS=,; echo "${live_urls[*]}")" \
    npx playwright test) 2>&1 | tee "$logs/e2e.log"
e2e_passed=$(grep -oE '^ +[0-9]+ passed' "$logs/e2e.log" | grep -oE '[0-9]+' || echo 0)

step "Summary"
echo "Rust tests passed: $all_ok (integration on SQLite: $sqlite_ok, on PostgreSQL: $postgres_ok)"
echo "Browser journeys passed: $e2e_passed"
echo "Total time: $(( $(date +%s) - started )) s"
echo "tests: $(( all_ok + e2e_passed )) passed, 0 failed"
