import { test as base, expect, Page } from '@playwright/test';
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
      const isThisPage404 =
        message.text().includes('status of 404') && message.location().url === page.url();
      // A refused form (422), a wrong password (401)… are answers the journey asks for; the
      // page shows them. Chromium still logs the status; server errors (5xx) stay failures.
      const isExpectedRefusal =
        /status of 4\d\d/.test(message.text()) && message.location().url.includes('/api/');
      if (!isThisPage404 && !isExpectedRefusal) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
    expect(errors, 'no console errors').toEqual([]);
  },
});

export { expect };

/** Waits until the WASM has hydrated the server-rendered page (no sleeping). */
export async function waitForHydration(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** Fails on any serious or critical accessibility violation. */
export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}
