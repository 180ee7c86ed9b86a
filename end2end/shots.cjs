// Screenshots of Salus's pages at phone and desktop widths, for a human to look at.
// Usage: node shots.cjs <base-url> <out-dir> [group]   (not part of the test suite)
// Groups: accounts, directory, practice, payments, feedback (default: all).
const { chromium } = require('@playwright/test');
const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? '/tmp/shots';
const only = process.argv[4];
(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 800 }]]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log(`${name} page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') console.log(`${name} console: ${m.text()}`); });
    const shot = async (path, file) => {
      await page.goto(base + path);
      await page.waitForSelector('body[data-hydrated="true"]');
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${out}/${name}-${file}.png`, fullPage: true });
    };
    const login = async (email) => {
      await context.clearCookies();
      await page.goto(base + '/login');
      await page.waitForSelector('body[data-hydrated="true"]');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('salus-demo-2026');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/account/);
    };
    const group = (g) => !only || only === g;
    if (group('accounts')) {
      await shot('/signup', 'signup');
      await shot('/login', 'login');
      await login('patient@salus.test');
      await shot('/account', 'account');
      await login('clinic.admin@salus.test');
      await shot('/clinic', 'clinic');
      await login('admin@salus.test');
      await shot('/admin', 'admin');
      await shot('/dev/outbox', 'outbox');
    }
    if (group('directory')) {
      await context.clearCookies();
      await shot('/doctors', 'directory');
      await shot('/doctors?specialty=cardiology&sort=price', 'directory-filtered');
      await shot('/doctors?q=nobody', 'directory-empty');
      const first = await page.goto(base + '/doctors').then(() => page.locator('.doctor-card h2 a').first().getAttribute('href'));
      await shot(first, 'doctor');
    }
    if (group('practice')) {
      await login('doctor@salus.test');
      await shot('/practice/calendar', 'calendar-week');
      await shot('/practice/calendar?view=month', 'calendar-month');
      await shot('/practice/calendar?view=day', 'calendar-day');
      await shot('/practice/availability', 'availability');
      await shot('/practice/profile', 'profile');
    }
    if (group('feedback')) {
      await login('patient@salus.test');
      await shot('/appointments', 'appointments-reminder');
      await shot('/appointments?tab=past', 'appointments-past');
      const visit = await page.goto(base + '/appointments?tab=past').then(() => page.locator('.rate-link').first().getAttribute('href'));
      if (visit) await shot(visit.replace('#rating', ''), 'rate-visit');
      await context.clearCookies();
      const rated = await page.goto(base + '/doctors?sort=rating').then(() => page.locator('.doctor-card h2 a').first().getAttribute('href'));
      await shot(rated, 'doctor-ratings');
      await login('doctor@salus.test');
      await shot('/practice/feedback', 'feedback');
      await shot('/practice/stats', 'stats-weeks');
      await shot('/practice/stats?grain=month', 'stats-months');
      await login('secretary@salus.test');
      await shot('/clinic/stats', 'clinic-stats');
    }
    if (group('payments')) {
      // Needs a server that has run the payment journeys (a paid appointment exists).
      await login('patient@salus.test');
      await page.goto(base + '/doctors?q=Omar%20Cherkaoui');
      await page.waitForSelector('body[data-hydrated="true"]');
      const profile = await page.getByRole('link', { name: 'Omar Cherkaoui' }).getAttribute('href');
      const from = new Date(Date.now() + (name === 'phone' ? 20 : 21) * 86400e3).toISOString().slice(0, 10);
      await page.goto(`${base}${profile}?from=${from}`);
      await page.waitForSelector('body[data-hydrated="true"]');
      await page.locator('.slot-label').first().click();
      await page.getByRole('link', { name: 'Book this slot' }).click();
      await page.waitForSelector('body[data-hydrated="true"]');
      await page.getByLabel('Reason for the visit or symptoms').fill('Screenshots');
      await page.getByRole('button', { name: 'Book this appointment' }).click();
      await page.waitForURL(/\/pay$/);
      await page.locator('#card-element input').first().waitFor();
      await page.screenshot({ path: `${out}/${name}-pay.png`, fullPage: true });
      await shot('/appointments', 'appointments');
      await shot('/payments', 'payments');
      const receipt = await page.locator('a[href$="/receipt"]').first().getAttribute('href');
      await shot(receipt.replace(/\/receipt$/, ''), 'appointment-paid');
      await shot(receipt, 'receipt');
      await login('dr.omar.cherkaoui@salus.test');
      await shot('/practice', 'practice-today');
      await shot('/practice/revenue', 'revenue');
    }
    await context.close();
  }
  await browser.close();
})();
