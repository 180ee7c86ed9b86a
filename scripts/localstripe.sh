#!/usr/bin/env bash
# Makes sure localstripe — the offline stand-in for Stripe that development and the tests use —
# answers on 127.0.0.1:8420, starting it if needed (scripts/setup.sh installs it). With a URL,
# also asks it to deliver its signed webhooks there.
#
#   scripts/localstripe.sh [webhook-url]
set -euo pipefail
cd "$(dirname "$0")/.."

port=8420
venv="${SALUS_TOOLS_DIR:-$HOME/.cache/salus}/localstripe"
probe="http://127.0.0.1:$port/js.stripe.com/v3/"

if ! curl -sf -o /dev/null "$probe"; then
    if [ ! -x "$venv/bin/localstripe" ]; then
        echo "localstripe is not installed: run scripts/setup.sh" >&2
        exit 1
    fi
    log="${SALUS_LOCALSTRIPE_LOG:-${TMPDIR:-/tmp}/salus-localstripe.log}"
    nohup "$venv/bin/localstripe" --port "$port" --from-scratch >"$log" 2>&1 &
    for _ in $(seq 1 100); do
        curl -sf -o /dev/null "$probe" && break
        sleep 0.2
    done
    curl -sf -o /dev/null "$probe" || { echo "localstripe did not start (see $log)" >&2; exit 1; }
fi

if [ -n "${1:-}" ]; then
    # The secret is the development default's (server/src/config.rs), not a real one.
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/_config/webhooks/salus" \
        -d "url=$1" -d "secret=whsec_salus_localstripe"
fi
