# Salus — multi-stage image. Build: `docker build -t salus .`
# Run: `docker run -p 3000:3000 -v salus-data:/data -e SALUS_JWT_SECRET=... \
#        -e SALUS_PUBLIC_URL=https://salus.example.org salus`
# (No Docker engine runs on the development machines: this file is kept simple and correct by
# reading; see README.md.)

FROM rust:1.95-bookworm AS build
WORKDIR /src
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
RUN rustup target add wasm32-unknown-unknown
# Tools first, so they are cached across source changes.
COPY Cargo.toml Cargo.lock ./
RUN cargo install --locked cargo-leptos --version 0.3.10 \
    && cargo install wasm-bindgen-cli --version "$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
COPY end2end/package.json end2end/package-lock.json end2end/
RUN cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
ENV PATH="/src/end2end/node_modules/.bin:${PATH}"
COPY . .
RUN scripts/build-release.sh

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin salus \
    && mkdir -p /data && chown salus /data
WORKDIR /app
# hash.txt lists the content hashes of the bundle's file names; Leptos reads it next to the binary.
COPY --from=build /src/target/release/server /app/server
COPY --from=build /src/target/release/hash.txt /app/hash.txt
COPY --from=build /src/target/site /app/site
ENV SALUS_ENV=production \
    SALUS_ADDR=0.0.0.0:3000 \
    SALUS_DATA_DIR=/data \
    LEPTOS_SITE_ROOT=/app/site \
    SALUS_LOG_FORMAT=json
USER salus
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://127.0.0.1:3000/health/ready || exit 1
ENTRYPOINT ["/app/server"]
CMD ["serve"]
