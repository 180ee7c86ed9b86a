import { test as base, expect, Page, Cookie } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * Fails the test on any console error or uncaught exception (CSP violations included). Tolerated:
 * Chromium's report that the page itself answered 404 (on the 404 page), and 4xx answers of
 * server functions and API calls, which the journeys provoke on purpose.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // The page itself answering 404 (the 404 page) or 422 (a search it refuses, with
      // its message on the page).
      const isThisPage404 =
        /status of 4(04|22)/.test(message.text()) && message.location().url === page.url();
      // A refused form (422), a wrong password (401)… are answers the journey asks for; the
      // page shows them. Chromium still logs the status; server errors (5xx) stay failures.
      const isExpectedRefusal =
        /status of 4\d\d/.test(message.text()) && message.location().url.includes('/api/');
      if (!isThisPage404 && !isExpectedRefusal) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    // A request that never got an answer, or a server error, fails the journey too.
    page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? '';
      // A navigation that replaced the page aborts its pending fetches: not a failure.
      if (!reason.includes('ERR_ABORTED')) errors.push(`${request.method()} ${request.url()}: ${reason}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 500) errors.push(`${response.status()} from ${response.url()}`);
    });
    await use(errors);
    expect(errors, 'no console errors').toEqual([]);
  },
});

export { expect };

/**
 * Waits until the WASM has hydrated the server-rendered page (no sleeping). Public pages load
 * no WASM at all (they work through links and forms): for them there is nothing to wait for.
 */
export async function waitForHydration(page: Page) {
  if (!(await hydrates(page))) return;
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** Whether the page loads the WASM (its head preloads the app's module). */
export async function hydrates(page: Page): Promise<boolean> {
  return (await page.locator('link[rel="modulepreload"]').count()) > 0;
}

/**
 * Fails on any serious or critical accessibility violation; `exclude` leaves out a third
 * party's markup (Stripe.js's card field).
 */
export async function expectNoSeriousA11yViolations(page: Page, exclude?: string) {
  const builder = new AxeBuilder({ page });
  const results = await (exclude ? builder.exclude(exclude) : builder).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}

/** A date `days` from today in the demo clinics' zone (Africa/Tunis), as YYYY-MM-DD. */
export function tunisDay(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Tunis' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The date (YYYY-MM-DD) of an instant in the demo clinics' zone (Africa/Tunis). */
export function tunisDateOf(instant: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Tunis' }).format(new Date(instant));
}

/** Session cookies of the demo accounts already signed in by this worker. */
const sessions = new Map<string, Cookie[]>();

/**
 * Switches the page to a demo account (password `salus-demo-2026`) and opens its account page.
 * Each account signs in through the form once; later switches reuse its session, as a
 * returning user's browser would, and the journeys stay quick.
 */
export async function logIn(page: Page, email: string) {
  await page.context().clearCookies();
  const saved = sessions.get(email);
  if (saved) {
    await page.context().addCookies(saved);
    await page.goto('/account');
  } else {
    await page.goto('/login');
    await waitForHydration(page);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('salus-demo-2026');
    await page.getByRole('button', { name: 'Log in' }).click();
    // Each role lands on its work page; then the account page, as the callers expect.
    await expect(page).not.toHaveURL(/\/login/);
    sessions.set(email, await page.context().cookies());
    await page.goto('/account');
  }
  await waitForHydration(page);
}

/** The demo clinic (Clinique El Manar) asks for `hours` of notice before a visit is changed. */
export async function setCancellationNotice(page: Page, hours: string) {
  await logIn(page, 'clinic.admin@salus.test');
  await page.goto('/clinic');
  await waitForHydration(page);
  await page.getByLabel('Cancellation notice (hours)').fill(hours);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('.toast', { hasText: 'Settings saved.' })).toBeVisible();
}

/** Picks a doctor's first free slot from `days` ahead and reviews the booking. */
export async function chooseFirstSlot(page: Page, doctor: string, days: number) {
  await page.goto(`/doctors?q=${encodeURIComponent(doctor)}`);
  await waitForHydration(page);
  const href = await page.locator('.doctor-card', { hasText: doctor }).getByRole('link', { name: doctor }).getAttribute('href');
  await page.goto(`${href}?from=${tunisDay(days)}`);
  await waitForHydration(page);
  await page.locator('.slot-label').first().click();
  await page.getByRole('button', { name: 'Book this slot' }).click();
  await expect(page).toHaveURL(/\/book\?doctor=\d+&start=/);
  await waitForHydration(page);
}

/** The first link to `path` in the newest development-outbox email to `recipient`. */
export async function linkFromOutbox(page: Page, recipient: string, path: string): Promise<string> {
  await page.goto('/dev/outbox');
  await waitForHydration(page);
  const mail = page.locator('.outbox-mail', { hasText: recipient }).first();
  await expect(mail).toBeVisible();
  const href = await mail.locator(`a.outbox-link[href*="${path}"]`).first().getAttribute('href');
  expect(href).toBeTruthy();
  return new URL(href!).pathname + new URL(href!).search;
}
