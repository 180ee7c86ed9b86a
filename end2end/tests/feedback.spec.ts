import { test, expect, logIn, waitForHydration, expectNoSeriousA11yViolations } from './fixtures';

// The demo patient has two completed, unrated visits: one per viewport, so the phone and the
// desktop runs each rate their own.
const doctorOf = {
  phone: { email: 'doctor@salus.test', name: 'Karim Ben Ali' },
  desktop: { email: 'dr.sami.bouazizi@salus.test', name: 'Sami Bouazizi' },
};

test('a patient rates a completed visit, it shows on the doctor page, the doctor filters by 5 stars', async ({ page, consoleErrors }, info) => {
  // Four roles and seven pages, each checked with axe: longer than one page's journey.
  test.setTimeout(90_000);
  const doctor = doctorOf[info.project.name as 'phone' | 'desktop'];
  const comment = `Clear explanations, thank you (${info.project.name}).`;

  // The past visit invites the patient to rate it.
  await logIn(page, 'patient@salus.test');
  await page.goto('/appointments?tab=past');
  await waitForHydration(page);
  const visit = page.locator('.appointment-item', { hasText: doctor.name }).filter({ hasText: 'Completed' });
  await expect(visit.getByRole('link', { name: 'Rate this visit' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await visit.getByRole('link', { name: 'Rate this visit' }).click();
  await expect(page).toHaveURL(/\/appointments\/\d+#rating$/);
  await waitForHydration(page);

  // Posting without stars is refused in words; five stars and a comment are published.
  const panel = page.getByRole('region', { name: 'Your rating' });
  await panel.getByRole('button', { name: 'Post my rating' }).click();
  await expect(panel.getByText('This field is required.')).toBeVisible();
  await panel.locator('label[for="rating-star-5"]').click();
  await panel.getByLabel('Comment (optional)').fill(comment);
  await panel.getByRole('button', { name: 'Post my rating' }).click();
  await expect(page.locator('.toast', { hasText: 'Thank you for your rating.' })).toBeVisible();
  await expect(panel.getByText(comment)).toBeVisible();
  await expect(panel.getByRole('img', { name: '5 out of 5 stars' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Edit my rating' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The doctor's public page shows it to a visitor, with the patient's first name and initial.
  await page.context().clearCookies();
  await page.goto(`/doctors?q=${encodeURIComponent(doctor.name)}`);
  await waitForHydration(page);
  await page.locator('.doctor-card', { hasText: doctor.name }).getByRole('link', { name: doctor.name }).click();
  await waitForHydration(page);
  const ratings = page.getByRole('region', { name: 'Patient ratings' });
  await expect(ratings.getByText(comment)).toBeVisible();
  await expect(ratings.getByText('Amina M.').first()).toBeVisible();
  await expect(ratings.getByRole('list', { name: 'Ratings by number of stars' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The doctor filters the feedback by five stars: every rating shown has five.
  await logIn(page, doctor.email);
  await page.goto('/practice/feedback');
  await waitForHydration(page);
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('Stars', { exact: true }).selectOption('5');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/stars=5/);
  await waitForHydration(page);
  const item = page.locator('.rating-item', { hasText: comment });
  await expect(item).toContainText('Amina Mansour');
  const stars = page.locator('.rating-list .rating-item .stars');
  const count = await stars.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect(stars.nth(i)).toHaveAttribute('aria-label', '5 out of 5 stars');
  }

  // The doctor answers in public.
  await item.locator('summary', { hasText: 'Reply' }).click();
  await item.getByLabel('Your public reply').fill('Thank you, see you at the check-up.');
  await item.getByRole('button', { name: 'Publish the reply' }).click();
  await expect(page.locator('.toast', { hasText: 'Your reply is published.' })).toBeVisible();
  await expect(item).toContainText("The doctor's reply");
  await expectNoSeriousA11yViolations(page);

  // The statistics pages read well and pass axe.
  await page.goto('/practice/stats?grain=month');
  await waitForHydration(page);
  await expect(page.getByRole('img', { name: /Completed visits/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await logIn(page, 'secretary@salus.test');
  await page.goto('/clinic/stats');
  await waitForHydration(page);
  await expect(page.getByRole('img', { name: /Appointments by status/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', /\/clinic\/stats\.csv\?from=/);
  await expectNoSeriousA11yViolations(page);
  expect(consoleErrors).toEqual([]);
});
