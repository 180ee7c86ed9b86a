import { Page } from '@playwright/test';
import { test, expect, logIn, tunisDay, waitForHydration, expectNoSeriousA11yViolations } from './fixtures';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function weekdayOf(day: string): string {
  return WEEKDAYS[new Date(`${day}T12:00:00Z`).getUTCDay()];
}

/** "Tuesday 1 December": how the slot picker names a day. */
function dayTitle(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  const weekday = date.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
  const month = date.toLocaleDateString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `${weekday} ${date.getUTCDate()} ${month}`;
}

async function removeAll(page: Page, section: string) {
  const remove = page.getByRole('region', { name: section }).getByRole('button', { name: 'Remove' });
  while ((await remove.count()) > 0) await remove.first().click();
}

test('a doctor sets weekly hours and a day off, and patients find exactly those slots', async ({ page, consoleErrors }) => {
  const day = tunisDay(8);
  const dayOff = tunisDay(15);

  await logIn(page, 'doctor@salus.test');
  await page.goto('/practice/availability');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Weekly hours' })).toBeVisible();
  await removeAll(page, 'Weekly hours');
  await removeAll(page, 'Time off and extra hours');

  // Two hours on one weekday, in 30-minute slots.
  const weekly = page.getByRole('region', { name: 'Weekly hours' });
  await weekly.getByRole('button', { name: 'Add hours' }).click();
  await weekly.getByLabel('Day').selectOption(weekdayOf(day));
  await weekly.getByLabel('From', { exact: true }).fill('09:00');
  await weekly.getByLabel('To', { exact: true }).fill('11:00');
  await weekly.getByLabel('Slot length').selectOption('30');

  // The same weekday a week later is a day off.
  const exceptions = page.getByRole('region', { name: 'Time off and extra hours' });
  await exceptions.getByRole('button', { name: 'Add time off' }).click();
  await exceptions.getByLabel('First day').fill(dayOff);
  await exceptions.getByLabel('Note (optional)').fill('Congress');

  // A mistake first: the end before the start is refused next to its field.
  await weekly.getByLabel('To', { exact: true }).fill('08:00');
  await page.getByRole('button', { name: 'Save availability' }).click();
  await expect(weekly.getByText('This must come after the start.')).toBeVisible();
  await weekly.getByLabel('To', { exact: true }).fill('11:00');
  await page.getByRole('button', { name: 'Save availability' }).click();
  await expect(page.locator('.toast', { hasText: 'Availability saved' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // A patient searches the directory by specialty and city.
  await page.context().clearCookies();
  await page.goto('/doctors');
  await waitForHydration(page);
  await page.getByLabel('Specialty').selectOption({ label: 'General practice' });
  await page.getByLabel('City').selectOption('Tunis');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/doctors\?specialty=general-practice&city=Tunis/);
  const card = page.locator('.doctor-card', { hasText: 'Karim Ben Ali' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Clinique El Manar');
  await expectNoSeriousA11yViolations(page);

  // The doctor's page, the week of the working day: exactly four slots, on that day only.
  const href = await card.getByRole('link', { name: 'Karim Ben Ali' }).getAttribute('href');
  await page.goto(`${href}?from=${day}`);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Karim Ben Ali');
  await expect(page.getByText('Africa/Tunis')).toBeVisible();
  const working = page.getByRole('group', { name: dayTitle(day) });
  await expect(working.locator('.slot-label')).toHaveText(['09:00', '09:30', '10:00', '10:30']);
  await expect(page.locator('.slot-label')).toHaveCount(4);
  await expectNoSeriousA11yViolations(page);

  // The slot picker works from the keyboard: arrows move between slots.
  await working.getByLabel('09:00').focus();
  await page.keyboard.press('Space');
  await expect(working.getByLabel('09:00')).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await expect(working.getByLabel('09:30')).toBeChecked();

  // Next week: the day off has no slot at all.
  await page.getByRole('link', { name: 'Next week' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${dayOff}`));
  await expect(page.getByRole('group', { name: dayTitle(dayOff) })).toContainText('No free slot');
  await expect(page.locator('.slot-label')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
