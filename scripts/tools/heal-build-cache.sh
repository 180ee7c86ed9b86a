#!/usr/bin/env bash
# Mends a kept build cache whose build-script output lost files.
#
# CI keeps `target/` between runs (.ci/run). Cargo tracks the files a compiler writes, but not
# the files a build script leaves in its OUT_DIR: utoipa-swagger-ui unpacks Swagger UI there
# and embeds that folder in release builds. When the folder went missing from a kept cache,
# cargo still judged the build script fresh and the release build failed with
# "no function `get` for `SwaggerUiDist`" (stop 31). A package whose embedded folder is gone
# is cleaned here, so cargo runs its build script again (a few seconds).
set -euo pipefail
cd "$(dirname "$0")/../.."
target_dir="${CARGO_TARGET_DIR:-target}"

for profile in debug release; do
    for embed in "$target_dir/$profile"/build/utoipa-swagger-ui-*/out/embed.rs; do
        [ -f "$embed" ] || continue
        # The generated file says `#[folder = r"<OUT_DIR>/<swagger-ui-version>/dist/"]`.
        folder=$(sed -n 's/^#\[folder = r"\(.*\)"\]$/\1/p' "$embed")
        if [ -n "$folder" ] && [ ! -f "$folder/swagger-ui-bundle.js" ]; then
            echo "build cache: $folder lost its files; cleaning utoipa-swagger-ui ($profile)"
            flag=()
            [ "$profile" = release ] && flag=(--release)
            cargo clean "${flag[@]}" -p utoipa-swagger-ui
            break
        fi
    done
done
