#!/usr/bin/env bash
# Deploy checks, offline (part of scripts/test.sh; needs the release build):
#  1. every Kubernetes overlay under deploy/k8s renders (kubectl kustomize) and validates
#     against the API's schemas (kubernetes-validate --strict) and against our deploy policy
#     (scripts/tools/deploy_policy.py: probes, bounds, non-root, read-only, secret references);
#  2. the image's entrypoint, run outside a container: the runtime stage's files laid out as
#     the Dockerfile copies them, its ENV read from the Dockerfile, secrets as the Deployment
#     passes them; two instances start at once on one empty PostgreSQL database (as two pods
#     do), both become ready, and the migrations ran once (sqlx's advisory lock).
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${SALUS_TOOLS_DIR:-$HOME/.cache/salus}"
target_dir="${CARGO_TARGET_DIR:-target}"
python="$tools/deploy-tools/bin/python"
kubernetes_version=1.30.0

work=$(mktemp -d)
pids=()
database=""
admin_url="${SALUS_TEST_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -n "$database" ]; then
        psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work" || true
    # The checks' own outcome, not the clean-up's.
    exit "$status"
}
trap cleanup EXIT

# --- 1. Kubernetes ----------------------------------------------------------------------
for overlay in deploy/k8s/base deploy/k8s/overlays/*; do
    rendered="$work/$(basename "$overlay").yaml"
    kubectl kustomize "$overlay" > "$rendered" 2> "$work/kustomize.log" || {
        cat "$work/kustomize.log" >&2
        exit 1
    }
    "$tools/deploy-tools/bin/kubernetes-validate" --strict --quiet \
        -k "$kubernetes_version" "$rendered"
    echo -n "$overlay: valid for Kubernetes $kubernetes_version; "
    "$python" scripts/tools/deploy_policy.py < "$rendered"
done

# --- 2. The image's entrypoint, outside a container ----------------------------------------
app="$work/app"
mkdir -p "$app" "$work/data-1" "$work/data-2"
# What the runtime stage copies from the build stage.
cp "$target_dir/release/server" "$target_dir/release/hash.txt" "$app/"
cp -r target/site "$app/site"
chmod -R a-w "$app"
# The runtime stage's ENV, as the image sets it.
image_env=$("$python" - <<'PY'
import re, shlex
text = open("Dockerfile").read().replace("\\\n", " ")
runtime = text[text.index("AS runtime"):]
for line in runtime.splitlines():
    if line.startswith("ENV "):
        for pair in shlex.split(line[4:]):
            name, value = pair.split("=", 1)
            print(f"{name}={value}")
PY
)
database="salus_deploy_check_$$"
psql -q "$admin_url" -c "CREATE DATABASE $database" >/dev/null
database_url="${admin_url%/*}/$database"
ports=()
start_pod() {
    local number=$1 port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # shellcheck disable=SC2086
    # exec: the background job is the server itself, so the clean-up's kill stops it.
    (cd "$app" && exec env -i PATH=/usr/bin:/bin HOME="$work" $image_env \
        LEPTOS_SITE_ROOT="$app/site" SALUS_DATA_DIR="$work/data-$number" \
        SALUS_ADDR="127.0.0.1:$port" DATABASE_URL="$database_url" \
        SALUS_JWT_SECRET="deploy-check-secret-that-is-long-enough-0123456789" \
        SALUS_PUBLIC_URL="https://salus.example.org" \
        ./server serve > "$work/pod-$number.log" 2>&1) &
    pids+=($!)
    ports+=("$port")
}
start_pod 1
start_pod 2
for port in "${ports[@]}"; do
    ready=false
    for _ in $(seq 1 120); do
        if curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; then ready=true; break; fi
        sleep 0.5
    done
    if [ "$ready" != true ]; then
        echo "an instance started as the image starts it did not become ready:" >&2
        cat "$work"/pod-*.log >&2
        exit 1
    fi
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
    [ "$status" = 200 ] || { echo "GET / answered $status" >&2; exit 1; }
done
applied=$(psql -tA "$database_url" -c "SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
expected=$(find migrations/postgres -name '*.sql' | wc -l)
[ "$applied" = "$expected" ] || { echo "migrations applied: $applied of $expected" >&2; exit 1; }
grep -q '"level":"INFO"' "$work/pod-1.log" || { echo "the image logs JSON (SALUS_LOG_FORMAT)" >&2; exit 1; }
echo "image entrypoint: two instances started at once on one empty database, both ready; $applied migrations applied once"
