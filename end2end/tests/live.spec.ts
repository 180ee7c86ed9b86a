import { test, expect, tunisDay, waitForHydration } from './fixtures';

// Two instances of Salus on one PostgreSQL database (scripts/test.sh starts them and names
// them in SALUS_LIVE_URLS): a visitor's doctor page on one shows the slot another patient
// books on the other go away, without a reload (issue 23).
const live = (process.env.SALUS_LIVE_URLS ?? '').split(',').filter(Boolean);

test('a slot booked on one instance leaves the doctor page open on another', async ({ page, browser, consoleErrors }, info) => {
  test.skip(live.length !== 2, 'needs the two PostgreSQL instances scripts/test.sh starts');
  test.skip(info.project.name !== 'phone', 'one run is enough: it books a slot');
  test.setTimeout(60_000);
  const [first, second] = live;

  // A visitor (not signed in) opens the doctor's week on the first instance and chooses the
  // first free slot, as a phone user about to press "Book".
  await page.goto(`${first}/doctors?q=Bouazizi`);
  const href = await page.locator('.doctor-card', { hasText: 'Sami Bouazizi' }).getByRole('link', { name: 'Sami Bouazizi' }).getAttribute('href');
  const streamOpen = page.waitForResponse((response) => response.url().includes('/slots/stream') && response.status() === 200);
  await page.goto(`${first}${href}?from=${tunisDay(3)}`);
  await streamOpen;
  const slot = page.locator('input[name="start"]').first();
  const start = await slot.getAttribute('value');
  await page.locator('.slot-label').first().click();
  await expect(slot).toBeChecked();

  // Another patient books that very slot on the second instance.
  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const patient = await other.newPage();
  await patient.goto(`${second}/login`);
  await waitForHydration(patient);
  await patient.getByLabel('Email').fill('patient@salus.test');
  await patient.getByLabel('Password').fill('salus-demo-2026');
  await patient.getByRole('button', { name: 'Log in' }).click();
  await expect(patient).not.toHaveURL(/\/login/);
  const doctor = href!.split('/').pop();
  await patient.goto(`${second}/book?doctor=${doctor}&start=${encodeURIComponent(start!)}`);
  await waitForHydration(patient);
  await patient.getByLabel('Reason for the visit or symptoms').fill('Fever since yesterday');
  await patient.getByRole('button', { name: 'Book this appointment' }).click();
  await expect(patient.getByRole('heading', { name: 'Booking received' })).toBeVisible();
  await other.close();

  // The visitor's page, never reloaded, loses the slot and says why.
  await expect(page.locator(`input[name="start"][value="${start}"]`)).toHaveCount(0, { timeout: 3_000 });
  await expect(page.locator('#live-slots-note')).toHaveText('The time you chose was just taken. Please choose another.');
  await expect(page.locator('input[name="start"]').first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
