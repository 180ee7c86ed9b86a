import { Page, TestInfo } from '@playwright/test';
import {
  test,
  expect,
  logIn,
  chooseFirstSlot,
  setCancellationNotice,
  waitForHydration,
  expectNoSeriousA11yViolations,
} from './fixtures';

/**
 * The journeys of issue 21, at 390 px (the phone project) and on a desktop: a visit that
 * moves stays one appointment, messages tell the truth, and nobody reaches a dead end.
 */

async function shot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

/** Books the first free slot of Sami Bouazizi (answers each request, paid at the visit). */
async function bookSami(page: Page, days: number, reason: string): Promise<string> {
  await chooseFirstSlot(page, 'Sami Bouazizi', days);
  await page.getByLabel('Reason for the visit or symptoms').fill(reason);
  await page.getByRole('button', { name: 'Book this appointment' }).click();
  await expect(page.getByRole('heading', { name: 'Booking received' })).toBeVisible();
  return new URL(page.url()).pathname;
}

test('a confirmed visit moved by its patient keeps its time until the doctor accepts the new one', async ({ page, consoleErrors }, info) => {
  test.setTimeout(120_000);
  const phone = info.project.name === 'phone';
  const reason = `Knee pain after running (${info.project.name})`;
  await logIn(page, 'patient@salus.test');
  const appointment = await bookSami(page, phone ? 15 : 17, reason);

  await logIn(page, 'dr.sami.bouazizi@salus.test');
  await page.goto('/practice');
  await waitForHydration(page);
  await page.locator('.request', { hasText: reason }).getByRole('button', { name: 'Accept' }).click();
  await expect(page.locator('.toast', { hasText: 'Request accepted' })).toBeVisible();

  // The patient asks for another time, weeks later.
  await logIn(page, 'patient@salus.test');
  await page.goto(appointment);
  await waitForHydration(page);
  const when = page.locator('.facts dd').first();
  const before = await when.innerText();
  await page.getByRole('button', { name: 'Choose another time' }).click();
  for (let week = 0; week < (phone ? 3 : 4); week++) {
    await page.locator('.reschedule').getByRole('button', { name: 'Next week' }).click();
  }
  await page.locator('.reschedule .slot-label').first().click();
  await page.getByRole('button', { name: /^Move to / }).click();
  await expect(page.locator('.toast', { hasText: 'New time asked' })).toBeVisible();
  // The same appointment, still confirmed at its time, with the proposal shown.
  await expect(page).toHaveURL(new RegExp(`${appointment}$`));
  await expect(page.locator('.badge.status').first()).toHaveText('Confirmed');
  await expect(when).toHaveText(before);
  const proposal = page.getByRole('region', { name: 'New time asked' });
  await expect(proposal).toContainText('It keeps its current time until the doctor answers');
  await expectNoSeriousA11yViolations(page);
  await shot(page, info, 'move-proposed-patient');

  // The doctor accepts: the visit moves, and its history says from when to when.
  await logIn(page, 'dr.sami.bouazizi@salus.test');
  await page.goto(appointment);
  await waitForHydration(page);
  await expect(proposal).toContainText('The patient asks to move this visit');
  await expectNoSeriousA11yViolations(page);
  await shot(page, info, 'move-proposed-doctor');
  await proposal.getByRole('button', { name: 'Accept the new time' }).click();
  await expect(page.locator('.toast', { hasText: 'Your answer was saved.' })).toBeVisible();
  await expect(proposal).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'History' })).toContainText('Moved from');
  await expect(when).not.toHaveText(before);

  await logIn(page, 'patient@salus.test');
  await page.goto(appointment);
  await waitForHydration(page);
  await expect(page.locator('.badge.status').first()).toHaveText('Confirmed');
  await expect(when).not.toHaveText(before);
  expect(consoleErrors).toEqual([]);
});

test('a slot inside the cancellation window is booked knowing it cannot be changed online, with the number to call', async ({ page, consoleErrors }, info) => {
  test.setTimeout(90_000);
  // Two weeks' notice: every slot of the next days is inside the window.
  await setCancellationNotice(page, '336');
  try {
    await logIn(page, 'patient@salus.test');
    await chooseFirstSlot(page, 'Sami Bouazizi', info.project.name === 'phone' ? 5 : 6);
    const warning = page.locator('.short-notice');
    await expect(warning).toContainText('cannot be cancelled or moved online');
    await expect(warning).toContainText('+216 71 234 567');
    await expectNoSeriousA11yViolations(page);
    await shot(page, info, 'short-notice-booking');
    await page.getByLabel('Reason for the visit or symptoms').fill(`Short notice (${info.project.name})`);
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    await expect(page.getByRole('heading', { name: 'Booking received' })).toBeVisible();
    await expect(page.getByRole('link', { name: '+216 71 234 567' })).toHaveAttribute('href', 'tel:+21671234567');
  } finally {
    await setCancellationNotice(page, '24');
  }
  expect(consoleErrors).toEqual([]);
});

test('each role lands on its work page after logging in', async ({ page, consoleErrors }) => {
  for (const [email, path, heading] of [
    ['dr.sami.bouazizi@salus.test', '/practice', /today/i],
    ['secretary@salus.test', '/clinic/desk', /desk/i],
    ['clinic.admin@salus.test', '/clinic', /Clinique El Manar/],
    ['patient@salus.test', '/account', /My account/],
  ] as const) {
    await page.context().clearCookies();
    await page.goto('/login');
    await waitForHydration(page);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('salus-demo-2026');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(new RegExp(`${path.replace('/', '\\/')}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  }
  expect(consoleErrors).toEqual([]);
});

test('the directory filters prices in one currency and says which', async ({ page, consoleErrors }, info) => {
  await page.goto('/doctors?price_max=100');
  await expect(page.getByRole('alert')).toContainText('To filter by price, choose the currency');
  await page.goto('/doctors?price_max=100&city=Tunis');
  await expect(page.getByText('Prices filtered in TND.')).toBeVisible();
  await page.goto('/doctors?price_max=100&currency=EUR');
  await expect(page.getByText('Prices filtered in EUR.')).toBeVisible();
  await expect(page.locator('.doctor-card').first()).toContainText('€');
  await expectNoSeriousA11yViolations(page);
  await shot(page, info, 'directory-prices-in-eur');
  expect(consoleErrors).toEqual([]);
});

/** The pages each role works with (the anonymous visitor's first). */
const PAGES: Array<[string | null, string[]]> = [
  [null, ['/', '/doctors', '/doctors?specialty=general-practice&city=Tunis', '/login', '/signup', '/signup/doctor', '/forgot-password']],
  ['patient@salus.test', ['/account', '/appointments', '/payments', '/notifications']],
  ['dr.sami.bouazizi@salus.test', ['/practice', '/practice/calendar', '/practice/calendar?view=day', '/practice/calendar?view=month', '/practice/availability', '/practice/profile', '/practice/revenue', '/practice/feedback', '/practice/stats']],
  ['secretary@salus.test', ['/clinic/desk', '/clinic/calendar']],
  ['clinic.admin@salus.test', ['/clinic', '/clinic/stats']],
  ['admin@salus.test', ['/admin']],
];

test('no page scrolls sideways at 320 px nor has a tap target under 44 px, for any role, in English or French', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone', 'a phone width');
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 320, height: 720 });
  const wide: string[] = [];
  const tiny: string[] = [];
  for (const [email, paths] of PAGES) {
    if (email) await logIn(page, email);
    else await page.context().clearCookies();
    // A doctor page and an appointment page of this role, found from the pages above.
    const extra: string[] = [];
    if (!email) {
      await page.goto('/doctors?q=Bouazizi');
      const href = await page.locator('.doctor-card a').first().getAttribute('href');
      if (href) extra.push(href);
    }
    if (email === 'patient@salus.test' || email === 'dr.sami.bouazizi@salus.test') {
      await page.goto(email === 'patient@salus.test' ? '/appointments' : '/practice/calendar?view=month');
      await waitForHydration(page);
      const href = await page.locator('a[href^="/appointments/"]').first().getAttribute('href').catch(() => null);
      if (href) extra.push(href);
    }
    for (const language of ['en', 'fr']) {
      await page.context().addCookies([{ name: 'i18n_pref_locale', value: language, url: info.project.use.baseURL ?? page.url() }]);
      for (const path of [...paths, ...extra]) {
        await page.goto(path);
        await waitForHydration(page);
        const overflow = await page.evaluate(() => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth) return null;
          // Name the widest offenders, to fix them.
          const offenders = [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
            .slice(0, 3)
            .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
          return `${root.scrollWidth}px > ${root.clientWidth}px (${offenders.join(', ')})`;
        });
        if (overflow) {
          wide.push(`${language} ${email ?? 'visitor'} ${path}: ${overflow}`);
          await shot(page, info, `wide-${language}-${path.replace(/[^a-z0-9]+/gi, '-')}`);
        }
        // Every control a thumb aims at is at least 44 × 44 px (links inside a sentence
        // excepted, as WCAG 2.5.8 does).
        const small = await page.evaluate(() => {
          const targets = document.querySelectorAll(
            'main button, main .button, main select, main summary, main input:not([type=hidden]):not([type=radio]):not([type=checkbox]), main nav a, main li > a, main h2 > a, main h3 > a, main td > a, header a, header button',
          );
          return [...targets]
            .filter((el) => {
              const box = el.getBoundingClientRect();
              const shown = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
              return shown && (box.height < 43.5 || box.width < 43.5);
            })
            .slice(0, 4)
            .map((el) => {
              const box = el.getBoundingClientRect();
              const name = (el.textContent ?? '').trim().slice(0, 24);
              return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`;
            });
        });
        if (small.length > 0) tiny.push(`${language} ${email ?? 'visitor'} ${path}: ${small.join('; ')}`);
      }
    }
    await page.context().addCookies([{ name: 'i18n_pref_locale', value: 'en', url: info.project.use.baseURL ?? page.url() }]);
  }
  expect(wide, 'pages wider than 320 px').toEqual([]);
  expect(tiny, 'tap targets under 44 px').toEqual([]);
});
