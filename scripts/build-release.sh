#!/usr/bin/env bash
# The release build as shipped: the server, and the browser's WASM split by page
# (`--split`: each page's code is its own chunk, loaded when the page is first shown).
#
# A tab opened before a deploy may still ask for its build's chunks, so the files of the
# build just replaced are kept beside the new ones (their names carry content hashes, so the
# two never collide); older builds' files go. If a chunk is missing anyway, the page loads
# whole from the server instead (see frontend/src/lib.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
export LEPTOS_OUTPUT_NAME=salus
# cargo-leptos finds wasm-opt (npm's binaryen, installed by setup.sh, behind the small-file
# filter in scripts/tools) and wasm-bindgen on PATH; without them it tries to download them,
# which fails offline.
export PATH="$PWD/scripts/tools:$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
pkg=target/site/pkg
keep=$(mktemp -d)
trap 'rm -rf "$keep"' EXIT
if [ -f "$pkg/.build-files" ]; then
    while IFS= read -r file; do
        [ -f "$pkg/$file" ] && cp "$pkg/$file" "$keep/"
    done < "$pkg/.build-files"
fi
scripts/tools/heal-build-cache.sh
cargo leptos build --release --split
# Brotli 11 and gzip 9 files beside the bundle, served as they are (`ServeDir` picks them):
# on-the-fly compression runs at a low level and sent a quarter more WASM.
node scripts/tools/precompress.mjs target/site
(cd "$pkg" && find . -maxdepth 1 -type f ! -name '.build-files' -printf '%f\n' | sort) > "$keep/.this-build"
cp -n "$keep"/* "$pkg/" 2>/dev/null || true
mv "$keep/.this-build" "$pkg/.build-files"
