// The phone benchmark (scripts/bench.sh phone): Lighthouse's mobile profile (CPU 4× slower,
// Slow 4G: 150 ms RTT, 1.6 Mbit/s) on the public pages and two app pages of a running server,
// and the time from navigation start to the first slot tap that reaches the booking page under
// the same throttling, driven through Chromium's DevTools protocol.
//
//   node scripts/phone-bench.mjs <base url> <lighthouse module dir>
import { createRequire } from 'node:module';
import path from 'node:path';

const base = process.argv[2];
const lighthouseDir = process.argv[3];
const require = createRequire(path.join(process.cwd(), 'end2end', 'package.json'));
const { chromium } = require('playwright-core');
const lighthouse = (await import(path.join(lighthouseDir, 'node_modules', 'lighthouse', 'core', 'index.js'))).default;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--remote-debugging-port=9333'],
});

async function session(email) {
  const context = await browser.newContext();
  const response = await context.request.post(`${base}/api/auth/log_in`, {
    form: { email, password: 'salus-demo-2026' },
    headers: { origin: base },
  });
  if (!response.ok()) throw new Error(`login of ${email}: ${response.status()}`);
  const cookie = (await context.cookies()).find((c) => c.name === 'salus_session');
  await context.close();
  return `salus_session=${cookie.value}`;
}

const page = await browser.newPage();
await page.goto(`${base}/doctors?q=Bouazizi`);
const doctor = await page.locator('.doctor-card a').first().getAttribute('href');
await page.goto(`${base}${doctor}`);
const start = await page.locator('input[name="start"]').first().getAttribute('value');
const doctorId = doctor.split('/').pop();
const patient = await session('patient@salus.test');
const doctorCookie = await session('doctor@salus.test');

const pages = [
  ['/', null],
  ['/doctors', null],
  ['/doctors?specialty=general-practice&city=Tunis', null],
  [doctor, null],
  ['/login', null],
  ['/signup', null],
  [`/book?doctor=${doctorId}&start=${encodeURIComponent(start)}`, patient],
  ['/appointments', patient],
  ['/practice', doctorCookie],
];

const rows = [];
for (const [url, cookie] of pages) {
  const result = await lighthouse(`${base}${url}`, {
    port: 9333,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    formFactor: 'mobile',
    screenEmulation: { mobile: true, width: 390, height: 844, deviceScaleFactor: 3, disabled: false },
    throttlingMethod: 'simulate',
    extraHeaders: cookie ? { Cookie: cookie } : undefined,
  });
  const audits = result.lhr.audits;
  const scripts = (audits['network-requests'].details?.items ?? [])
    .filter((r) => /\.(js|wasm)(\?|$)/.test(r.url))
    .reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
  rows.push({
    page: url.length > 48 ? `${url.slice(0, 45)}...` : url,
    score: Math.round(result.lhr.categories.performance.score * 100),
    tbt_ms: Math.round(audits['total-blocking-time'].numericValue),
    tti_ms: Math.round(audits['interactive'].numericValue),
    lcp_ms: Math.round(audits['largest-contentful-paint'].numericValue),
    bytes: audits['total-byte-weight'].numericValue,
    js_wasm_bytes: scripts,
  });
}
console.table(rows);

// First working slot tap, throttled like the mobile profile (real, not simulated, throttling).
const tapPage = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
const cdp = await tapPage.context().newCDPSession(tapPage);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
await cdp.send('Network.emulateNetworkConditions', {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
});
const taps = [];
for (let run = 0; run < 3; run++) {
  const started = Date.now();
  await tapPage.goto(`${base}${doctor}`, { waitUntil: 'commit' });
  await tapPage.locator('.slot-label').first().click();
  await tapPage.locator('.book-bar button[type="submit"]').click();
  await tapPage.waitForURL(/\/book\?/);
  taps.push(Date.now() - started);
}
console.log(`first working slot tap (navigation start to the booking page), throttled: ${taps.join(' ms, ')} ms`);
await browser.close();
