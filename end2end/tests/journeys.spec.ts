import { Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import {
  test,
  expect,
  logIn,
  chooseFirstSlot,
  linkFromOutbox,
  setCancellationNotice,
  tunisDay,
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

/** Reloads the page in French, checks `region` says `text` without an axe violation, keeps a
 * screenshot, and turns the language back to English for the next page. */
async function lookInFrench(page: Page, info: TestInfo, region: string, text: string, name: string) {
  const base = info.project.use.baseURL ?? '';
  await page.context().addCookies([{ name: 'i18n_pref_locale', value: 'fr', url: base }]);
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole('region', { name: region })).toContainText(text);
  await expectNoSeriousA11yViolations(page);
  await shot(page, info, name);
  await page.context().addCookies([{ name: 'i18n_pref_locale', value: 'en', url: base }]);
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
  const before = (await when.textContent()) ?? '';
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

  // The clinic's front desk lists it too, with its doctor, and opens the same appointment.
  await logIn(page, 'secretary@salus.test');
  await page.goto('/clinic/desk');
  await waitForHydration(page);
  const atDesk = page.getByRole('region', { name: 'New times asked by patients' });
  await expect(atDesk.locator('li', { has: page.locator(`a[href="${appointment}"]`) })).toContainText('Amina Mansour · Sami Bouazizi');
  await expectNoSeriousA11yViolations(page);
  await shot(page, info, 'move-proposed-desk');
  await lookInFrench(page, info, 'Nouveaux horaires demandés par les patients', 'Amina Mansour', 'move-proposed-desk-fr');

  // The doctor finds it on the day's page and accepts: the visit moves, and its history
  // says from when to when.
  await logIn(page, 'dr.sami.bouazizi@salus.test');
  await page.goto('/practice');
  await waitForHydration(page);
  const asked = page.getByRole('region', { name: 'New times asked by patients' });
  await expect(asked).toContainText('Amina Mansour');
  await asked.locator(`a[href="${appointment}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${appointment}$`));
  await waitForHydration(page);
  await expect(proposal).toContainText('The patient asks to move this visit');
  await expectNoSeriousA11yViolations(page);
  await shot(page, info, 'move-proposed-doctor');
  // The same page in French.
  await lookInFrench(page, info, 'Nouvel horaire demandé', 'Le patient demande à déplacer ce rendez-vous', 'move-proposed-doctor-fr');
  await page.reload();
  await waitForHydration(page);
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
    // The practice's line (the demo gives the clinic's number, written without spaces).
    await expect(warning).toContainText(/\+216 ?71 ?234 ?567/);
    await expectNoSeriousA11yViolations(page);
    await shot(page, info, 'short-notice-booking');
    const reason = `Short notice (${info.project.name})`;
    await page.getByLabel('Reason for the visit or symptoms').fill(reason);
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    await expect(page.getByRole('heading', { name: 'Booking received' })).toBeVisible();
    await expect(page.getByRole('link', { name: /\+216 ?71 ?234 ?567/ })).toHaveAttribute('href', 'tel:+21671234567');
    // The doctor refuses it, so the demo patient's pending requests stay under the cap for
    // the journeys that follow.
    await logIn(page, 'dr.sami.bouazizi@salus.test');
    await page.goto('/practice');
    await waitForHydration(page);
    const request = page.locator('.request', { hasText: reason });
    await request.getByRole('button', { name: 'Refuse', exact: true }).click();
    await request.getByLabel('Reason (the patient will read it)').fill('Fully booked that day');
    await request.getByRole('button', { name: 'Refuse the request' }).click();
    await expect(page.locator('.toast', { hasText: 'Request refused' })).toBeVisible();
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
  await expect(page.locator('.doctor-card').first()).toContainText('EUR');
  await expectNoSeriousA11yViolations(page);
  await shot(page, info, 'directory-prices-in-eur');
  expect(consoleErrors).toEqual([]);
});

test('a newcomer who signs up from a chosen slot comes back to that slot after confirming the email', async ({ page, consoleErrors }, info) => {
  test.setTimeout(90_000);
  await page.context().clearCookies();
  await chooseFirstSlot(page, 'Sami Bouazizi', info.project.name === 'phone' ? 8 : 9);
  const start = new URL(page.url()).searchParams.get('start');
  await page.getByRole('main').getByRole('link', { name: 'New here? Create an account' }).click();
  await expect(page).toHaveURL(/\/signup\?next=%2Fbook/);
  const email = `newcomer.${info.project.name}.${Date.now()}@example.org`;
  await page.getByLabel('First name').fill('Nour');
  await page.getByLabel('Last name').fill('Sassi');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Phone').fill('+216 20 555 777');
  await page.getByLabel('Date of birth').fill('1992-06-15');
  await page.getByLabel('Password').fill('newcomer password 2026');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  const link = await linkFromOutbox(page, email, '/verify-email');
  expect(link).toContain('next=%2Fbook');
  await page.goto(link);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await page.getByRole('link', { name: 'Continue where you left off' }).click();
  // Back on the very slot; logging in keeps it.
  await expect(page).toHaveURL(/\/book\?doctor=/);
  await waitForHydration(page);
  await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('newcomer password 2026');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/book\?doctor=/);
  expect(new URL(page.url()).searchParams.get('start')).toBe(start);
  await expect(page.getByRole('button', { name: 'Book this appointment' })).toBeVisible();
  await expect(page.getByText('Confirm your email address')).toHaveCount(0);
  await shot(page, info, 'signup-back-to-the-slot');
  expect(consoleErrors).toEqual([]);
});

test("the doctor's calendar offers no past time and shows each day's visits", async ({ page, consoleErrors }, info) => {
  test.setTimeout(60_000);
  // A confirmed visit to find in the month.
  const day = info.project.name === 'phone' ? 11 : 12;
  const reason = `Calendar check (${info.project.name})`;
  await logIn(page, 'patient@salus.test');
  await bookSami(page, day, reason);
  await logIn(page, 'dr.sami.bouazizi@salus.test');
  await page.goto('/practice');
  await waitForHydration(page);
  await page.locator('.request', { hasText: reason }).getByRole('button', { name: 'Accept' }).click();
  await expect(page.locator('.toast', { hasText: 'Request accepted' })).toBeVisible();
  // Yesterday: nothing can be added there.
  await page.goto(`/practice/calendar?view=day&date=${tunisDay(-1)}`);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Add a visit' })).toHaveCount(0);
  await expect(page.locator('.calendar-slot')).toHaveCount(0);
  // The month shows the days' visits with their first times.
  await page.goto(`/practice/calendar?view=month&date=${tunisDay(day)}`);
  await waitForHydration(page);
  await expect(page.locator('.month-times').first()).toHaveText(/\d\d:\d\d/);
  await expectNoSeriousA11yViolations(page);
  await shot(page, info, 'calendar-month');
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

for (const [email, paths] of PAGES) {
  test(`no page of ${email ?? 'a visitor'} scrolls sideways at 320 px, has a tap target under 44 px or an axe violation, in English or French`, async ({ page }, info) => {
    test.skip(info.project.name !== 'phone', 'a phone width');
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 320, height: 720 });
    const base = info.project.use.baseURL ?? '';
    if (email) await logIn(page, email);
    else await page.context().clearCookies();
    // A doctor page, and an appointment page of this role.
    const extra: string[] = [];
    const first = async (list: string, selector: string) => {
      await page.goto(list);
      const href = await page.locator(selector).first().getAttribute('href', { timeout: 2_000 }).catch(() => null);
      if (href) extra.push(href);
    };
    if (!email) await first('/doctors?q=Bouazizi', '.doctor-card h2 a');
    if (email === 'patient@salus.test') await first('/appointments', 'main a[href^="/appointments/"]');
    if (email === 'dr.sami.bouazizi@salus.test') await first('/practice/calendar?view=month', 'main a[href^="/appointments/"]');
    const wide: string[] = [];
    const tiny: string[] = [];
    const barriers: string[] = [];
    for (const language of ['en', 'fr']) {
      await page.context().addCookies([{ name: 'i18n_pref_locale', value: language, url: base }]);
      for (const path of [...paths, ...extra]) {
        // The server renders each page whole: its layout needs no script to be measured.
        await page.goto(path, { waitUntil: 'load' });
        const found = await page.evaluate(() => {
          const root = document.documentElement;
          const name = (el: Element) => {
            const box = el.getBoundingClientRect();
            const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
            return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${text}" ${Math.round(box.width)}×${Math.round(box.height)}`;
          };
          const overflow =
            root.scrollWidth > root.clientWidth
              ? [...document.querySelectorAll('body *')]
                  .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
                  .slice(-3)
                  .map(name)
              : [];
          // Every control a thumb aims at is at least 44 × 44 px (links inside a sentence
          // excepted, as WCAG 2.5.8 does).
          const targets = document.querySelectorAll(
            'main button, main .button, main select, main summary, main input:not([type=hidden]):not([type=radio]):not([type=checkbox]), main nav a, main li > a, main h2 > a, main h3 > a, main td > a, header a, header button',
          );
          const small = [...targets]
            .filter((el) => {
              const box = el.getBoundingClientRect();
              const shown = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
              return shown && (box.height < 43.5 || box.width < 43.5);
            })
            .slice(0, 4)
            .map(name);
          return { width: root.scrollWidth, overflow, small };
        });
        if (found.overflow.length > 0) wide.push(`${language} ${path}: ${found.width}px (${found.overflow.join(', ')})`);
        if (found.small.length > 0) tiny.push(`${language} ${path}: ${found.small.join('; ')}`);
        // And axe-core finds no serious or critical violation.
        const axe = await new AxeBuilder({ page }).analyze();
        for (const v of axe.violations) {
          barriers.push(`${language} ${path}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
        }
      }
    }
    await page.context().addCookies([{ name: 'i18n_pref_locale', value: 'en', url: base }]);
    expect(wide, 'pages wider than 320 px').toEqual([]);
    expect(tiny, 'tap targets under 44 px').toEqual([]);
    expect(barriers, 'axe-core violations').toEqual([]);
  });
}
