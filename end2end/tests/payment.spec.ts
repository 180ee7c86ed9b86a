import { Page } from '@playwright/test';
import { test, expect, logIn, tunisDay, waitForHydration, expectNoSeriousA11yViolations } from './fixtures';

/** axe on our page; the card fields belong to Stripe.js (an iframe with real Stripe). */
const expectAccessiblePaymentPage = (page: Page) => expectNoSeriousA11yViolations(page, '#card-element');

/**
 * The patient books the first free slot of a doctor paid online, and lands on the payment page.
 * Days well after the booking journey's, and always the same doctor: the demo patient's visits
 * from both projects follow one another instead of overlapping.
 */
async function bookPaidSlot(page: Page, days: number, reason: string) {
  await logIn(page, 'patient@salus.test');
  await page.goto('/doctors?q=Omar%20Cherkaoui');
  await waitForHydration(page);
  const href = await page.getByRole('link', { name: 'Omar Cherkaoui' }).getAttribute('href');
  await page.goto(`${href}?from=${tunisDay(days)}`);
  await waitForHydration(page);
  await expect(page.getByText('Pay online when booking')).toBeVisible();
  await page.locator('.slot-label').first().click();
  await page.getByRole('button', { name: 'Book this slot' }).click();
  await waitForHydration(page);
  await page.getByLabel('Reason for the visit or symptoms').fill(reason);
  await page.getByRole('button', { name: 'Book this appointment' }).click();
  await expect(page).toHaveURL(/\/appointments\/\d+\/pay$/);
  await expect(page.getByRole('heading', { name: 'Pay for your appointment' })).toBeVisible();
  await expect(page.getByText('The slot is held for you until')).toBeVisible();
  // Stripe.js (localstripe's stand-in here) mounts its card fields.
  await expect(page.locator('#card-element input').first()).toBeVisible();
  return new URL(page.url()).pathname.replace(/\/pay$/, '');
}

async function fillCard(page: Page, number: string) {
  const field = (name: string) => page.locator(`#card-element input[placeholder="${name}"]`);
  await field('number').fill(number);
  await field('exp_month').fill('12');
  // localstripe's card field takes a two-digit year (it prefixes "20").
  await field('exp_year').fill('31');
  await field('cvc').fill('123');
  await field('postal_code').fill('1000');
}

test('a paid slot: the patient pays, the doctor confirms, the patient sees it paid with a receipt', async ({ page, consoleErrors }, testInfo) => {
  const reason = `Blurred vision since Monday (${testInfo.project.name})`;
  const appointment = await bookPaidSlot(page, 10, reason);
  await expectAccessiblePaymentPage(page);
  await fillCard(page, '4242424242424242');
  await page.getByRole('button', { name: /^Pay / }).click();
  await expect(page).toHaveURL(new RegExp(`${appointment}\\?paid=1$`));
  // Told the truth of an authorised card with a doctor who answers requests.
  await expect(page.getByRole('status').filter({ hasText: 'Your card is authorised, not charged' })).toBeVisible();
  await expect(page.locator('.badge.status').first()).toHaveText("Awaiting the doctor's answer");

  // The doctor (Omar Cherkaoui, Clinique El Manar) confirms: the card is charged.
  await logIn(page, 'dr.omar.cherkaoui@salus.test');
  await page.goto('/practice');
  await waitForHydration(page);
  const request = page.locator('.request', { hasText: reason });
  await request.getByRole('button', { name: 'Accept' }).click();
  await expect(page.locator('.toast', { hasText: 'Request accepted' })).toBeVisible();

  await logIn(page, 'patient@salus.test');
  await page.goto(appointment);
  await waitForHydration(page);
  await expect(page.locator('.badge.status').first()).toHaveText('Confirmed');
  const payment = page.getByRole('region', { name: 'Payment' });
  // The charge is taken by a background job right after the doctor's answer.
  await expect(async () => {
    await page.reload();
    await expect(payment.locator('.badge.payment-captured')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await waitForHydration(page);
  await payment.getByRole('link', { name: 'See the receipt' }).click();
  await expect(page.getByRole('heading', { name: 'Receipt' })).toBeVisible();
  await expect(page.locator('.receipt')).toContainText('Omar Cherkaoui');
  await expect(page.locator('.receipt')).toContainText(/Receipt no\. \d{4}-\d{6}/);
  await expectAccessiblePaymentPage(page);
  expect(consoleErrors).toEqual([]);
});

test('3-D Secure completes, and a declined card is explained while the slot stays held', async ({ page, consoleErrors }, testInfo) => {
  const appointment = await bookPaidSlot(page, 10, `Itchy eyes (${testInfo.project.name})`);
  // A card the bank refuses: the reason is shown and the slot stays held.
  await fillCard(page, '4000000000000341');
  await page.getByRole('button', { name: /^Pay / }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Your card was declined' })).toBeVisible();
  await expect(page).toHaveURL(/\/pay$/);
  await page.goto(appointment);
  await waitForHydration(page);
  await expect(page.locator('.badge.status').first()).toHaveText('Awaiting payment');
  await expect(page.getByText('The last attempt was refused')).toBeVisible();
  await expect(page.getByText(/declined: declined/i)).toHaveCount(0);

  // Another card that needs the bank's 3-D Secure check.
  await page.getByRole('link', { name: 'Pay now' }).click();
  await expect(page.locator('#card-element input').first()).toBeVisible();
  await fillCard(page, '4000000000003220');
  await page.getByRole('button', { name: /^Pay / }).click();
  await page.getByRole('button', { name: 'Complete authentication' }).click();
  await expect(page).toHaveURL(new RegExp(`${appointment}\\?paid=1$`));
  await expect(page.locator('.badge.status').first()).toHaveText("Awaiting the doctor's answer");
  expect(consoleErrors).toEqual([]);
});
