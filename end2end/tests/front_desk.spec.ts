import { Page } from '@playwright/test';
import { test, expect, logIn, tunisDay, waitForHydration, expectNoSeriousA11yViolations } from './fixtures';

/** The doctor's unread count once the bell's live stream has answered. */
async function liveUnread(page: Page): Promise<number> {
  const bell = page.locator('a.bell');
  await expect(bell).toHaveAttribute('data-live', 'true', { timeout: 15_000 });
  return Number(await bell.getAttribute('data-unread'));
}

test('a secretary books a walk-in patient and the doctor sees it in the bell without reloading', async ({ page, browser, consoleErrors }, info) => {
  test.setTimeout(90_000);
  // The doctor keeps their practice page open in another browser.
  const doctorContext = await browser.newContext({ ...info.project.use, baseURL: info.project.use.baseURL });
  const doctorPage = await doctorContext.newPage();
  await logIn(doctorPage, 'doctor@salus.test');
  await doctorPage.goto('/practice');
  await waitForHydration(doctorPage);
  const before = await liveUnread(doctorPage);

  // The secretary creates the walk-in patient at the desk.
  await logIn(page, 'secretary@salus.test');
  await page.goto('/clinic/desk');
  await waitForHydration(page);
  await expectNoSeriousA11yViolations(page);
  const stamp = `${info.project.name}${Date.now()}`;
  await page.getByLabel('Find the patient').fill(`walkin.${stamp}@example.org`);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText('No patient found.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'New patient (no account yet)' }).click();
  await page.getByRole('button', { name: 'Create and choose' }).click();
  await expect(page.getByText('This field is required.').first()).toBeVisible();
  await page.getByLabel('First name').fill('Walid');
  await page.getByLabel('Last name').fill('Walk-In');
  await page.getByLabel(/^Email/).fill(`walkin.${stamp}@example.org`);
  await page.getByLabel(/^Phone/).fill('+216 98 765 432');
  await page.getByLabel('Date of birth').fill('1979-03-21');
  await page.getByRole('button', { name: 'Create and choose' }).click();
  await expect(page.getByRole('button', { name: 'Another patient' })).toBeVisible();

  // Urgent: the next day with a free time of Dr Ben Ali's hours.
  const doctor = page.getByLabel(/^Doctor/);
  const option = await doctor.locator('option', { hasText: 'Karim Ben Ali' }).getAttribute('value');
  await doctor.selectOption(option!);
  await page.getByLabel(/^Urgent$/).check();
  let found = false;
  for (let days = 0; days < 7 && !found; days++) {
    const day = tunisDay(days);
    await page.getByLabel('Day (today if empty)').fill(day);
    await page.getByLabel('Day (today if empty)').dispatchEvent('change');
    // The answer for this day, not the previous day's still on screen.
    await expect(page.locator(`[data-date="${day}"]`)).toBeVisible();
    found = (await page.locator(`.desk-slots[data-date="${day}"] .slot-choice label`).count()) > 0;
  }
  expect(found).toBe(true);
  await page.locator('.desk-slots .slot-choice label').first().click();
  await page.getByLabel('Reason for the visit or symptoms').fill('Walk-in: sprained ankle');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Book the visit' }).click();
  await expect(page).toHaveURL(/\/appointments\/\d+/);
  await waitForHydration(page);
  await expect(page.locator('.badge.status').first()).toHaveText('Confirmed');
  await expect(page.locator('.badge-urgent')).toHaveText('Urgent');
  await expect(page.locator('.facts dd', { hasText: 'Walid Walk-In' })).toBeVisible();
  // The desk reads about the patient's visit, not the patient's own words.
  const banner = page.getByRole('status').filter({ hasText: 'Booking received' });
  await expect(banner).toContainText('The visit of Walid Walk-In with Karim Ben Ali is confirmed. The patient is told by email.');
  await expect(banner).not.toContainText(/\byour?\b/i);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: info.outputPath('desk-booked.png'), fullPage: true });

  // The desk's calendar of the doctor shows the week, in status colours.
  await page.goto('/clinic/calendar');
  await waitForHydration(page);
  await page.getByLabel(/^Doctor/).selectOption({ label: 'Karim Ben Ali' });
  await expect(page).toHaveURL(/\/clinic\/calendar\?doctor=\d+&view=week/);
  await expect(page.locator('.week-grid')).toBeVisible();
  await expect(page.locator('.calendar-appointment').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The doctor's open page counts one more notification, with no reload.
  await expect(doctorPage.locator('a.bell')).toHaveAttribute('data-unread', String(before + 1), { timeout: 15_000 });
  await doctorPage.locator('a.bell').click();
  await expect(doctorPage).toHaveURL(/\/notifications$/);
  await waitForHydration(doctorPage);
  const newest = doctorPage.locator('.notification-item').first();
  await expect(newest).toContainText('Appointment confirmed');
  await expect(newest).toContainText('Walid Walk-In');
  await expectNoSeriousA11yViolations(doctorPage);
  await doctorPage.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(doctorPage.locator('a.bell')).toHaveAttribute('data-unread', '0', { timeout: 15_000 });
  await doctorContext.close();
});

test('a patient adds a child and books a visit for her', async ({ page, consoleErrors }, info) => {
  test.setTimeout(60_000);
  const child = info.project.name === 'phone' ? 'Lina' : 'Sami';
  await logIn(page, 'patient@salus.test');
  await page.goto('/account#family');
  await waitForHydration(page);
  const family = page.getByRole('region', { name: 'Family members' });
  await family.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(family.getByText('This field is required.').first()).toBeVisible();
  await family.getByLabel('First name').fill(child);
  await family.getByLabel('Last name').fill('Mansour');
  await family.getByLabel('Date of birth').fill('2019-05-14');
  await family.getByLabel('Relation').selectOption('child');
  await family.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.locator('.toast', { hasText: `${child} Mansour added` })).toBeVisible();
  await expect(family.locator('.family-member', { hasText: `${child} Mansour` })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // A doctor who confirms at once, paid at the visit; the visit is for the child.
  await page.goto('/doctors?q=Karoui');
  await waitForHydration(page);
  const href = await page.locator('.doctor-card', { hasText: 'Nadia Karoui' }).getByRole('link', { name: 'Nadia Karoui' }).getAttribute('href');
  await page.goto(`${href}?from=${tunisDay(info.project.name === 'phone' ? 5 : 6)}`);
  await waitForHydration(page);
  await page.locator('.slot-label').first().click();
  await page.getByRole('button', { name: 'Book this slot' }).click();
  await waitForHydration(page);
  const who = page.getByLabel('Who is the visit for?');
  await expect(who.locator('option', { hasText: `${child} Mansour (child)` })).toHaveCount(1);
  await who.selectOption({ label: `${child} Mansour (child)` });
  await page.getByLabel('Reason for the visit or symptoms').fill('Fever since yesterday');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Book this appointment' }).click();
  await expect(page).toHaveURL(/\/appointments\/\d+/);
  await waitForHydration(page);
  await expect(page.locator('.visit-for')).toContainText(`For ${child} Mansour (child)`);
  await expectNoSeriousA11yViolations(page);
  await page.goto('/appointments');
  await waitForHydration(page);
  await expect(page.locator('.appointment-item', { hasText: `For ${child} Mansour (child)` }).first()).toBeVisible();

  // The month tab: a calendar and the month's visits.
  await page.getByRole('link', { name: 'Month' }).click();
  await expect(page).toHaveURL(/tab=month/);
  await expect(page.getByRole('heading', { name: "This month's visits" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
