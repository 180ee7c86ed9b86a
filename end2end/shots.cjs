// Screenshots of the account pages at phone and desktop widths, for a human to look at.
// Usage: node shots.cjs <base-url> <out-dir>   (not part of the test suite)
const { chromium } = require('@playwright/test');
const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? '/tmp/shots';
(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 800 }]]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const shot = async (path, file) => {
      await page.goto(base + path);
      await page.waitForSelector('body[data-hydrated="true"]');
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/${name}-${file}.png`, fullPage: true });
    };
    const login = async (email) => {
      await page.goto(base + '/login');
      await page.waitForSelector('body[data-hydrated="true"]');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('salus-demo-2026');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/account/);
    };
    await shot('/signup', 'signup');
    await shot('/login', 'login');
    await login('patient@salus.test');
    await shot('/account', 'account');
    await context.clearCookies();
    await login('clinic.admin@salus.test');
    await shot('/clinic', 'clinic');
    await context.clearCookies();
    await login('admin@salus.test');
    await shot('/admin', 'admin');
    await shot('/dev/outbox', 'outbox');
    await context.close();
  }
  await browser.close();
})();
