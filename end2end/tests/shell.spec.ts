import { test, expect, waitForHydration, expectNoSeriousA11yViolations } from './fixtures';

test('home is whole on the server and needs no script; an app page hydrates under the CSP', async ({ page, request, consoleErrors }) => {
  // The raw HTML already holds the content: no JavaScript needed to read the page.
  const raw = await request.get('/');
  expect(raw.status()).toBe(200);
  const html = await raw.text();
  expect(html).toContain('See the right doctor, at a time that suits you');
  expect(html, 'a public page loads no WASM').not.toContain('.wasm');
  expect(raw.headers()['content-security-policy']).toContain("'wasm-unsafe-eval'");

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'See the right doctor, at a time that suits you',
  );
  await expect(page.getByText(/clinics use Salus/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // An app page loads the main WASM and its own chunk, which hydrate under the same policy.
  const chunks: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) chunks.push(new URL(r.url()).pathname);
  });
  await page.goto('/forgot-password');
  await waitForHydration(page);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  expect(chunks.some((c) => /\/pkg\/salus\.[^/]+\.wasm$/.test(c)), chunks.join()).toBe(true);
  expect(chunks.some((c) => c.includes('split___forgot_password_route_view')), chunks.join()).toBe(true);
  expect(chunks.some((c) => c.includes('split___appointment_route_view')), 'another page\'s chunk is not loaded').toBe(false);
  expect(consoleErrors).toEqual([]);
});

test('the language switch translates the page and is remembered, with or without a script', async ({ page, consoleErrors }) => {
  for (const path of ['/', '/forgot-password']) {
    await page.goto(path);
    await waitForHydration(page);
    const menu = page.getByRole('button', { name: 'Open menu' });
    if (await menu.isVisible()) await menu.click();
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page).toHaveURL(new RegExp(`${path.replace('/', '\\/')}$`));
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await waitForHydration(page);
    const menuOpen = page.getByRole('button', { name: 'Ouvrir le menu' });
    if (await menuOpen.isVisible()) await menuOpen.click();
    await expect(page.getByRole('button', { name: 'Français' })).toHaveAttribute('aria-pressed', 'true');
    // A fresh load is rendered in French by the server: the choice was remembered.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await waitForHydration(page);
    await expectNoSeriousA11yViolations(page);

    // And back to English.
    const menuFr = page.getByRole('button', { name: 'Ouvrir le menu' });
    if (await menuFr.isVisible()) await menuFr.click();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'See the right doctor, at a time that suits you',
  );
  expect(consoleErrors).toEqual([]);
});

test('navigation collapses behind a menu button on a phone, with or without a script', async ({ page, isMobile, consoleErrors }) => {
  for (const path of ['/', '/forgot-password']) {
    await page.goto(path);
    await waitForHydration(page);
    const toggle = page.getByRole('button', { name: 'Open menu' });
    const directoryLink = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Find a doctor' });
    if (isMobile) {
      await expect(toggle).toBeVisible();
      await expect(directoryLink).toBeHidden();
      await toggle.click();
      await expect(directoryLink).toBeVisible();
    } else {
      await expect(toggle).toBeHidden();
      await expect(directoryLink).toBeVisible();
    }
    await directoryLink.click();
    await expect(page).toHaveURL(/\/doctors$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find a doctor');
    await expect(page.getByText(/\d+ doctors found/)).toBeVisible();
    if (isMobile) await expect(directoryLink).toBeHidden(); // the menu closes after navigating
    await expectNoSeriousA11yViolations(page);
  }
  expect(consoleErrors).toEqual([]);
});

test('an unknown address shows a helpful 404 page', async ({ page, consoleErrors }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('See the right doctor, at a time that suits you');
  await expect(page).toHaveTitle(/Salus/);
  await expectNoSeriousA11yViolations(page);
  expect(consoleErrors).toEqual([]);
});

test('the API documentation works offline', async ({ page, consoleErrors }) => {
  await page.goto('/api/docs/');
  await expect(page.getByText('Salus API')).toBeVisible();
  await expect(page.locator('#operations-clinics-list_clinics')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
