#!/usr/bin/env bash
# Installs what Salus needs, from the registries this kind of machine reaches (crates.io, npm,
# Debian). Idempotent: every step is skipped when its tool is already there at the right
# version, so a second run takes seconds.
#
#   scripts/setup.sh         tools to build and run Salus
#   scripts/setup.sh --test  also Chromium and a running PostgreSQL, for the test suite
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup]\033[0m %s\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$PATH"

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

apt_updated=false
apt_install() {
    if ! command -v apt-get >/dev/null; then
        die "missing $*: install it with your system's package manager"
    fi
    if [ "$apt_updated" = false ]; then
        $sudo apt-get update -qq
        apt_updated=true
    fi
    say "installing $* (Debian)"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# --- Rust --------------------------------------------------------------------------------
command -v cargo >/dev/null || die "Rust is missing: install it with rustup (https://rustup.rs), then run this again"
command -v cc >/dev/null || apt_install build-essential
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
        rustup component add "$component"
    fi
done

# Build tools need no peak speed: opt-level 1 without LTO, in many codegen units (cargo-leptos
# took 16 min 51 s so on 2 cores, against about 20 min with cargo's default release profile;
# most of its time is spent type-checking swc and lightningcss, which no profile changes).
quick_install() {
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=false \
        cargo install -j2 "$@"
}

# cargo-leptos 0.3.11 needs Rust 1.96 for its locked dependencies; 0.3.10 builds on 1.95 and
# drives Leptos 0.8 (see shared/BUILD.md).
CARGO_LEPTOS_VERSION=0.3.10
if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (a few minutes on 2 cores, once)"
    quick_install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi

# wasm-bindgen's CLI must match the library version Cargo.lock pins, or the page fails at
# run time. Its own lockfile wants a crate this registry lacks, hence no --locked.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    quick_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# --- localstripe: Stripe offline, for development and the tests (PyPI) ---------------------
command -v curl >/dev/null || apt_install curl
LOCALSTRIPE_VERSION=1.15.10
tools="${SALUS_TOOLS_DIR:-$HOME/.cache/salus}"
if [ "$("$tools/localstripe/bin/pip" show localstripe 2>/dev/null | awk '/^Version:/ {print $2}')" != "$LOCALSTRIPE_VERSION" ]; then
    command -v python3 >/dev/null || apt_install python3
    python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
    say "installing localstripe $LOCALSTRIPE_VERSION (PyPI)"
    mkdir -p "$tools"
    python3 -m venv "$tools/localstripe" || { apt_install python3-venv; python3 -m venv "$tools/localstripe"; }
    "$tools/localstripe/bin/pip" install --quiet --disable-pip-version-check "localstripe==$LOCALSTRIPE_VERSION"
fi
# localstripe's stand-in for Stripe.js declares a top-level `class Element`, which shadows the
# DOM's `Element` for every script of the page — including the `instanceof Element` checks of
# the WASM glue, so Leptos stops updating the page once it is loaded. Running it inside a
# function keeps its names private (it still sets `window.Stripe`). Real Stripe.js is untouched.
"$tools/localstripe/bin/python" - <<'PY'
import pathlib, localstripe
js = pathlib.Path(localstripe.__file__).with_name("localstripe-v3.js")
text = js.read_text()
marker = "/* salus: wrapped in a function scope */"
if marker not in text:
    js.write_text(f"{marker}\n(function () {{\n{text}\n}})();\n")
PY

# --- aiosmtpd: the SMTP server the email tests send to (PyPI), beside localstripe ----------
AIOSMTPD_VERSION=1.4.6
if [ "$("$tools/localstripe/bin/pip" show aiosmtpd 2>/dev/null | awk '/^Version:/ {print $2}')" != "$AIOSMTPD_VERSION" ]; then
    say "installing aiosmtpd $AIOSMTPD_VERSION (PyPI)"
    "$tools/localstripe/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
fi

# --- Node tools: wasm-opt (npm's binaryen; Debian's is too old) and Playwright --------------
command -v npm >/dev/null || apt_install nodejs npm
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the npm tools (binaryen, Playwright, axe-core)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$want_test" = true ]; then
    # --- Chromium for the browser journeys (Playwright never downloads its own) -----------
    [ -x /usr/bin/chromium ] || apt_install chromium

    # --- Deploy checks: kubectl's kustomize renders deploy/k8s, kubernetes-validate (PyPI,
    # ships the API schemas, so it works offline) validates what it renders -----------------
    KUBERNETES_VALIDATE_VERSION=1.37.0
    if [ "$("$tools/deploy-tools/bin/pip" show kubernetes-validate 2>/dev/null | awk '/^Version:/ {print $2}')" != "$KUBERNETES_VALIDATE_VERSION" ]; then
        say "installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION (PyPI)"
        python3 -m venv "$tools/deploy-tools"
        "$tools/deploy-tools/bin/pip" install --quiet --disable-pip-version-check \
            "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
    fi
    kubectl kustomize --help >/dev/null 2>&1 || apt_install kubernetes-client
    # psql: the deploy check and the two-instance journey make their own databases.
    command -v psql >/dev/null || apt_install postgresql-client

    # --- PostgreSQL for the second half of the integration suite --------------------------
    if [ -z "${SALUS_TEST_POSTGRES_URL:-}" ]; then
        command -v pg_isready >/dev/null || apt_install postgresql-client
        if ! pg_isready -q -h 127.0.0.1 -p 5432; then
            command -v pg_ctlcluster >/dev/null || apt_install postgresql
            version=$(ls /etc/postgresql | sort -n | tail -1)
            say "starting PostgreSQL $version"
            $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
                || $sudo pg_ctlcluster "$version" main start 2>/dev/null \
                || true
            for _ in $(seq 1 30); do
                pg_isready -q -h 127.0.0.1 -p 5432 && break
                sleep 1
            done
            pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL did not start on 127.0.0.1:5432"
        fi
        # The tests connect as postgres/postgres over TCP. Where local connections are
        # trusted this password is ignored; where they need one (Debian's default), it is it.
        if id postgres >/dev/null 2>&1; then
            if [ "$(id -u)" -eq 0 ]; then
                runuser -u postgres -- psql -q -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null 2>&1 || true
            else
                sudo -u postgres psql -q -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null 2>&1 || true
            fi
        fi
    fi
fi
say "tools ready"
