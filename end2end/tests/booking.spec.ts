import { test, expect, logIn, setCancellationNotice, tunisDay, tunisDateOf, waitForHydration, expectNoSeriousA11yViolations } from './fixtures';

test('a patient books, the doctor accepts, the policy is explained, time off cancels it', async ({ page, consoleErrors }) => {
  // Three people, eight whole page loads and four accessibility checks: longer than the
  // default 30 s on a 2-core machine.
  test.setTimeout(90_000);
  // The patient finds a doctor who answers each request and is paid at the visit.
  await logIn(page, 'patient@salus.test');
  await page.goto('/doctors?q=Bouazizi');
  await waitForHydration(page);
  const href = await page.locator('.doctor-card', { hasText: 'Sami Bouazizi' }).getByRole('link', { name: 'Sami Bouazizi' }).getAttribute('href');
  await page.goto(`${href}?from=${tunisDay(2)}`);
  await waitForHydration(page);
  await page.locator('.slot-label').first().click();
  await page.getByRole('button', { name: 'Book this slot' }).click();

  // Review: the time in the clinic's zone, the price, the policy; then book.
  await expect(page).toHaveURL(/\/book\?doctor=\d+&start=/);
  const day = tunisDateOf(new URL(page.url()).searchParams.get('start')!);
  await waitForHydration(page);
  await expect(page.getByText("Times are the clinic's local time: Africa/Tunis")).toBeVisible();
  await expect(page.getByText('You can cancel or reschedule online up to 24 hours before the visit.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Book this appointment' }).click();
  await expect(page.getByText('This field is required.')).toBeVisible();
  await page.getByLabel('Reason for the visit or symptoms').fill('Persistent cough for a week');
  await page.getByRole('button', { name: 'Book this appointment' }).click();
  await expect(page.getByRole('heading', { name: 'Booking received' })).toBeVisible();
  await expect(page.locator('.badge.status').first()).toHaveText("Awaiting the doctor's answer");
  const appointment = new URL(page.url()).pathname;
  await expectNoSeriousA11yViolations(page);

  // The doctor accepts it from the day's request queue.
  await logIn(page, 'dr.sami.bouazizi@salus.test');
  await page.goto('/practice');
  await waitForHydration(page);
  const request = page.locator('.request', { hasText: 'Persistent cough for a week' });
  await expect(request).toContainText('Amina Mansour');
  await expectNoSeriousA11yViolations(page);
  await request.getByRole('button', { name: 'Accept' }).click();
  await expect(page.locator('.toast', { hasText: 'Request accepted' })).toBeVisible();

  // The patient sees it confirmed.
  await logIn(page, 'patient@salus.test');
  await page.goto('/appointments');
  await waitForHydration(page);
  const item = page.locator('.appointment-item', { hasText: 'Sami Bouazizi' }).filter({ hasText: 'Confirmed' });
  await expect(item.first()).toBeVisible();
  await page.goto(appointment);
  await waitForHydration(page);
  await expect(page.locator('.badge.status').first()).toHaveText('Confirmed');
  await expect(page.locator('summary', { hasText: 'Cancel the appointment' })).toBeVisible();

  // The clinic asks for two weeks' notice (the most it may): the visit, in the week shown
  // from two days ahead, is now too close to cancel online, and the patient is told why
  // instead of being offered the button. (Not 72 h: the other viewport's run takes that day
  // off, so this run's visit may be further away than three days.)
  await setCancellationNotice(page, '336');
  await logIn(page, 'patient@salus.test');
  await page.goto(appointment);
  await waitForHydration(page);
  await expect(page.getByText('It is less than 336 hours before your visit')).toBeVisible();
  await expect(page.locator('summary', { hasText: 'Cancel the appointment' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Choose another time' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await setCancellationNotice(page, '24');

  // The doctor takes that day off: the booking is listed, and cancelled with a reason.
  await logIn(page, 'dr.sami.bouazizi@salus.test');
  await page.goto('/practice/availability');
  await waitForHydration(page);
  const exceptions = page.getByRole('region', { name: 'Time off and extra hours' });
  await exceptions.getByRole('button', { name: 'Add time off' }).click();
  await exceptions.getByLabel('First day').last().fill(day);
  await page.getByRole('button', { name: 'Save availability' }).click();
  await expect(page.locator('.toast', { hasText: 'Availability saved' })).toBeVisible();
  const conflicts = page.getByRole('region', { name: 'Appointments in your time off' });
  await expect(conflicts).toContainText('Amina Mansour');
  await expectNoSeriousA11yViolations(page);
  await conflicts.getByLabel('Reason (the patient will read it)').fill('Called away for an emergency');
  await conflicts.getByRole('button', { name: 'Cancel these appointments' }).click();
  await expect(page.locator('.toast', { hasText: /1 appointment cancelled\./ })).toBeVisible();
  await expect(conflicts).toHaveCount(0);

  await page.goto(appointment);
  await waitForHydration(page);
  await expect(page.locator('.badge.status').first()).toHaveText('Cancelled');
  await expect(page.getByText('Why: Called away for an emergency')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a visitor who chooses a slot logs in on the way and comes back to that very slot', async ({ page, consoleErrors }) => {
  await page.context().clearCookies();
  await page.goto('/doctors?q=Bouazizi');
  await waitForHydration(page);
  const href = await page.locator('.doctor-card', { hasText: 'Sami Bouazizi' }).getByRole('link', { name: 'Sami Bouazizi' }).getAttribute('href');
  await page.goto(`${href}?from=${tunisDay(4)}`);
  await waitForHydration(page);
  await page.locator('.slot-label').first().click();
  await page.getByRole('button', { name: 'Book this slot' }).click();
  await expect(page).toHaveURL(/\/book\?doctor=\d+&start=/);
  const slotPage = page.url();

  // Logged out, the booking page asks to log in, and the link keeps the whole address.
  await waitForHydration(page);
  await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fbook%3Fdoctor%3D/);
  await waitForHydration(page);
  await page.getByLabel('Email').fill('patient@salus.test');
  await page.getByLabel('Password').fill('salus-demo-2026');
  await page.getByRole('button', { name: 'Log in' }).click();

  // Back on the very slot, ready to book.
  await expect(page).toHaveURL(slotPage);
  await expect(page.getByRole('button', { name: 'Book this appointment' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
