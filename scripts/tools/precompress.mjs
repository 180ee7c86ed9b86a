// Writes `.br` (quality 11) and `.gz` (level 9) beside every JS, WASM and CSS file of the
// built site, so the server (tower-http's ServeDir, `precompressed_br`) sends the smallest
// encoding without compressing on the fly at a low level on every request. Files already
// compressed and not older than their source are skipped, so a rebuild only does new files.
//
//   node scripts/tools/precompress.mjs target/site
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2] ?? 'target/site';
const worth = /\.(js|wasm|css|svg|json)$/;
let written = 0;
let saved = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isDirectory()) {
      walk(path);
    } else if (worth.test(name) && info.size >= 1024) {
      compress(path, info);
    }
  }
}

function fresh(target, source) {
  try {
    return statSync(target).mtimeMs >= source.mtimeMs;
  } catch {
    return false;
  }
}

function compress(path, info) {
  if (fresh(`${path}.br`, info) && fresh(`${path}.gz`, info)) return;
  const body = readFileSync(path);
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
  written += 1;
  saved += body.length - br.length;
}

walk(root);
console.log(`precompressed ${written} files (brotli saves ${Math.round(saved / 1024)} KB)`);
