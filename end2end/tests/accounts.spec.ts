import { Page } from '@playwright/test';
import { test, expect, linkFromOutbox, waitForHydration, expectNoSeriousA11yViolations } from './fixtures';

/** An 8×8 PNG, as a phone's photo picker would hand over (any real image works). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAbUlEQVR4nBXOUREAUQhCUZOYhCQkMclNQhIS7Vs/OQzjzLCDBg83MGToMLPsosXLLSxZug/ECgmLE4iI6oFZI2NzBhNTPzj20OHjDo4cvQf/7Bt41Rf+F+h7YsIGBYfLHyc0D8oWFZfrX05p+QDQyloBxqB3AwAAAABJRU5ErkJggg==',
  'base64',
);

/** Letters only, so the value passes the name rules; unique per run. */
function uniqueLetters(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < 8; i++) out += letters[Math.floor(Math.random() * letters.length)];
  return out;
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('a patient signs up, verifies, edits the profile with a photo, resets the password', async ({ page, consoleErrors }, testInfo) => {
  const email = `amina.${testInfo.project.name}.${uniqueLetters()}@example.org`;
  const password = 'first password 2026';

  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByLabel('First name').fill('Amina');
  await page.getByLabel('Last name').fill('Mansour');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Phone').fill('+216 20 123 456');
  await page.getByLabel('Date of birth').fill('2999-01-01');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  // The refused field says why, next to itself.
  await expect(page.getByText('This date cannot be in the future.')).toBeVisible();
  await expect(page.getByLabel('Date of birth')).toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousA11yViolations(page);

  // The form comes back with what was typed, except the password, which is typed again.
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await page.getByLabel('Date of birth').fill('1990-04-02');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  // Verify through the development outbox.
  await page.goto(await linkFromOutbox(page, email, '/verify-email'));
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await expect(page.getByText('your email address is confirmed')).toBeVisible();

  // A wrong password is refused without saying which part was wrong.
  await logIn(page, email, 'not my password 1');
  await expect(page.getByText('The email or password is incorrect.')).toBeVisible();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
  await expect(page.getByText('Confirm your email address')).toHaveCount(0);
  // The account page came whole from the server after login; its photo upload needs the script.
  await waitForHydration(page);

  // Photo: chosen, uploaded, shown.
  await page.getByLabel('Choose a photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Upload photo' }).click();
  await expect(page.getByRole('img', { name: 'Your profile photo' })).toBeVisible();
  await expect(page.locator('.toast', { hasText: 'Photo saved.' })).toBeVisible();

  // Profile.
  await page.getByLabel('Address').fill('12 rue de Marseille\nTunis');
  await page.getByLabel('Blood group').selectOption('o+');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.locator('.toast', { hasText: 'Profile saved.' })).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel('Blood group')).toHaveValue('o+');
  await expect(page.getByRole('img', { name: 'Your profile photo' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Log out from the account page.
  await page.getByRole('region', { name: 'Sessions' }).getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/account');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Please log in' })).toBeVisible();

  // Forgotten password: a link by email, a new password, a login with it.
  await page.goto('/forgot-password');
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByText('If an account uses this address')).toBeVisible();
  await page.goto(await linkFromOutbox(page, email, '/reset-password'));
  await waitForHydration(page);
  await page.getByLabel('New password').fill('second password 2026');
  await page.getByRole('button', { name: 'Save the password' }).click();
  await expect(page.getByText('Your password has been changed')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await logIn(page, email, 'second password 2026');
  await expect(page).toHaveURL(/\/account$/);
  expect(consoleErrors).toEqual([]);
});

test('a clinic admin approves a doctor who applied', async ({ page, consoleErrors }, testInfo) => {
  const lastName = `Doctor ${uniqueLetters()}`;
  const email = `doctor.${testInfo.project.name}.${uniqueLetters()}@example.org`;

  await page.goto('/signup/doctor');
  await waitForHydration(page);
  await page.getByLabel('First name').fill('Nadia');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Phone').fill('+216 98 765 432');
  await page.getByLabel('Clinic').selectOption({ label: 'Clinique El Manar' });
  await page.getByLabel('Specialty').selectOption({ label: 'Cardiology' });
  await page.getByLabel('Licence number').fill('TN-55555');
  await page.getByLabel('Password').fill('doctor password 2026');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Send my application' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  // Not listed while pending.
  await page.goto(`/doctors?q=${encodeURIComponent(lastName)}`);
  await waitForHydration(page);
  await expect(page.getByText('No doctor matches your search.')).toBeVisible();
  await expect(page.getByRole('heading', { name: `Nadia ${lastName}` })).toHaveCount(0);

  // A clinic admin lands on the clinic.
  await logIn(page, 'clinic.admin@salus.test', 'salus-demo-2026');
  await expect(page).toHaveURL(/\/clinic$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clinique El Manar');
  const application = page.locator('.application', { hasText: `Nadia ${lastName}` });
  await expect(application).toContainText('Cardiology');
  await expectNoSeriousA11yViolations(page);
  await application.getByRole('button', { name: 'Approve' }).click();
  await expect(page.locator('.toast', { hasText: 'Application approved' })).toBeVisible();
  await expect(page.locator('.application', { hasText: `Nadia ${lastName}` })).toHaveCount(0);

  await page.goto(`/doctors?q=${encodeURIComponent(lastName)}`);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: `Nadia ${lastName}` })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
