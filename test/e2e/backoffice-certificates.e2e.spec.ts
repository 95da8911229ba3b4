import type { Page } from 'playwright-core';
import { eventually, makeCertificatePem, saveScreenshot, waitFor } from '@signstash/testing';
import { CLOCK, type Clock } from '@signstash/platform';
import {
  BackofficeBrowser,
  horizontalOverflow,
  dayFromToday,
  detailItems,
  rowTexts,
  seedCertificate,
  type Account,
} from '../system/backoffice-browser';
import { expectAccessible } from '../system/accessibility';

const DAY = 24 * 60 * 60 * 1000;
const CURRENT = 22;
const ARCHIVED = 3;

/**
 * The backoffice in chromium: signing in and out, the certificates list (filters, "Search",
 * "Clear filters", paging, sorting) over 25 certificates, 3 of them registered ten days ago, and
 * the register form.
 */
describe('backoffice: sign-in, the certificates list and the register form (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account;

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ expiryIntervalSeconds: 60 });
    const { session, ...account } = await backoffice.system.newOperator();
    operator = account;
    const register = async (alias: string, expiresInDays: number) =>
      seedCertificate(session, await makeCertificatePem({ validFrom: new Date(Date.now() - 30 * DAY) }), {
        alias,
        expiresAt: new Date(Date.now() + expiresInDays * DAY).toISOString(),
      });
    // The registration date comes from the certificate service's clock: set it back for the archived ones.
    const clock = backoffice.system.apps.certificates.get<Clock>(CLOCK);
    const tenDaysAgo = jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() - 10 * DAY));
    for (let n = 1; n <= ARCHIVED; n++) await register(`Archive ${n}`, 100 + n);
    tenDaysAgo.mockRestore();
    for (let n = 1; n <= CURRENT; n++) await register(`Invoices ${String(n).padStart(2, '0')}`, 40 + n);
    await waitFor(
      async () => ((await session.get('/api/certificates')).body.total === CURRENT + ARCHIVED ? true : undefined),
      10_000,
      100,
    );
  });
  afterAll(async () => backoffice?.stop());

  const results = (page: Page) => page.getByRole('table', { name: 'Registered certificates' });
  const aliases = async (page: Page) => (await rowTexts(results(page))).map((cells) => cells[0]);
  const summary = (page: Page) => page.locator('.pagination-summary');
  const search = async (page: Page, filters: { alias?: string; from?: string; to?: string }) => {
    await page.getByLabel('Alias').fill(filters.alias ?? '');
    await page.getByLabel('Registered from').fill(filters.from ?? '');
    await page.getByLabel('Registered to').fill(filters.to ?? '');
    await page.getByRole('button', { name: 'Search' }).click();
  };
  const expectShowing = async (page: Page, text: string, rows: number) =>
    eventually(async () => {
      expect(await summary(page).textContent()).toBe(text);
      expect(await aliases(page)).toHaveLength(rows);
    });

  it('refuses a wrong password, signs in to the certificates list, and signs out', async () => {
    const page = await backoffice.newPage();
    await page.goto('/certificates');
    await page.waitForURL('**/login');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await saveScreenshot(page, 'login');
    await expectAccessible(page, 'the sign-in page');

    await page.getByLabel('E-mail').fill(operator.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();
    expect(page.url()).toMatch(/\/login$/);
    await expectAccessible(page, 'the sign-in page with a wrong password');

    await page.getByLabel('Password').fill(operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the operator was going before being sent to sign in.
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/certificates');
    await expectShowing(page, 'Showing 1–20 of 25 certificates', 20);
    await expectAccessible(page, 'the certificates list');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.goto('/certificates');
    await page.waitForURL('**/login');
  });

  it('pages through the list, newest first by default', async () => {
    const page = await backoffice.signedInPage(operator);
    await expectShowing(page, 'Showing 1–20 of 25 certificates', 20);
    expect((await aliases(page))[0]).toBe('Invoices 22');
    await saveScreenshot(page, 'certificate-list');

    const pagination = page.getByRole('navigation', { name: 'Pagination' });
    await pagination.getByRole('button', { name: 'Page 2' }).click();
    await expectShowing(page, 'Showing 21–25 of 25 certificates', 5);
    expect(await aliases(page)).toEqual(['Invoices 02', 'Invoices 01', 'Archive 3', 'Archive 2', 'Archive 1']);
    expect(await pagination.getByRole('button', { name: 'Page 2' }).getAttribute('aria-current')).toBe('page');
    expect(await pagination.getByRole('button', { name: /Next/ }).isDisabled()).toBe(true);
    await expectAccessible(page, 'the certificates list, page 2');

    await pagination.getByRole('button', { name: /Previous/ }).click();
    await expectShowing(page, 'Showing 1–20 of 25 certificates', 20);
  });

  it('filters by alias and by registration date on "Search", and "Clear filters" restores the full list', async () => {
    const page = await backoffice.signedInPage(operator);
    await search(page, { alias: 'archive' });
    await expectShowing(page, 'Showing 1–3 of 3 certificates', 3);
    expect(new URL(page.url()).searchParams.get('alias')).toBe('archive');

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expectShowing(page, 'Showing 1–20 of 25 certificates', 20);
    expect(await page.getByLabel('Alias').inputValue()).toBe('');

    await search(page, { to: dayFromToday(-5) });
    await expectShowing(page, 'Showing 1–3 of 3 certificates', 3);
    expect(await aliases(page)).toEqual(['Archive 3', 'Archive 2', 'Archive 1']);

    await search(page, { alias: 'Invoices 1', from: dayFromToday(-1) });
    await expectShowing(page, 'Showing 1–10 of 10 certificates', 10);

    await search(page, { from: dayFromToday(1) });
    await page.getByText('No certificate matches these filters.').waitFor();
    await expectAccessible(page, 'the certificates list with no match');
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expectShowing(page, 'Showing 1–20 of 25 certificates', 20);
  });

  it('sorts by a column from its header, and offers the sort as a control on a narrow screen', async () => {
    const page = await backoffice.signedInPage(operator);
    const aliasHeader = results(page).getByRole('columnheader', { name: /Alias/ });
    await aliasHeader.getByRole('button').click();
    await eventually(async () =>
      expect((await aliases(page)).slice(0, 4)).toEqual(['Archive 1', 'Archive 2', 'Archive 3', 'Invoices 01']),
    );
    expect(await aliasHeader.getAttribute('aria-sort')).toBe('ascending');

    await aliasHeader.getByRole('button').click();
    await eventually(async () => expect((await aliases(page))[0]).toBe('Invoices 22'));
    expect(await aliasHeader.getAttribute('aria-sort')).toBe('descending');

    await page.setViewportSize({ width: 400, height: 900 });
    await page.getByLabel('Sort by').selectOption({ label: 'Access expires, descending' });
    await eventually(async () => expect((await aliases(page))[0]).toBe('Archive 3'));
    await saveScreenshot(page, 'certificate-list-400px');
    await expectAccessible(page, 'the certificates list at 400 px');
  });

  it('keeps a long alias inside the list on a 390 px phone, and labels what each badge is about', async () => {
    const { session, email, password } = await backoffice.system.newOperator();
    const alias = 'Quarterly-invoices-signing-certificate-of-the-northern-region-2026';
    await seedCertificate(session, await makeCertificatePem(), {
      alias,
      expiresAt: `${dayFromToday(20)}T00:00:00.000Z`,
    });
    const page = await backoffice.signedInPage({ email, password }, 390);
    await eventually(async () => expect(await aliases(page)).toEqual([alias]));
    await saveScreenshot(page, 'certificate-list-390px');
    expect(await horizontalOverflow(page, 390)).toEqual([]);
    const [row] = await rowTexts(results(page));
    // "CA access" and "Certificate status" say which is which: no "Expired" beside "Active" to puzzle over.
    expect(row.slice(4, 7)).toEqual(['20 days', 'Expiring soon', 'Active']);
    expect(await results(page).locator('td[data-label="CA access"]').textContent()).toBe('Expiring soon');
    await expectAccessible(page, 'the certificates list at 390 px');

    const eye = page.getByRole('link', { name: `View details of ${alias}` });
    expect((await eye.boundingBox())?.width).toBeGreaterThan(30);
    await eye.click();
    await page.getByRole('heading', { level: 1, name: `Certificate ${alias}` }).waitFor();
    await page.getByText('The CA access expires in 20 days.').waitFor();
    await page.getByRole('table', { name: 'History of changes' }).waitFor();
    await page.getByText('No client service uses this certificate.').waitFor();
    await saveScreenshot(page, 'certificate-details-390px');
    expect(await horizontalOverflow(page, 390)).toEqual([]);
    await expectAccessible(page, 'the details page at 390 px');
  });

  it('registers a certificate from a pasted PEM and opens its details', async () => {
    // An operator of another issuer, so the list above keeps its 25 certificates.
    const { email, password } = await backoffice.system.newOperator();
    const page = await backoffice.signedInPage({ email, password });
    await page.getByText('No certificate is registered yet.').waitFor();
    // "Add certificate" offers the CAs; a CA without a CSC API takes the PEM form.
    await page.getByRole('link', { name: 'Add certificate' }).click();
    await page.getByRole('link', { name: 'Register it by hand with its PEM' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register certificate' }).waitFor();
    const form = page.getByRole('form', { name: 'Register certificate' });
    await form.getByRole('button', { name: 'Register certificate' }).click();
    await form.getByText('Upload or paste the certificate in PEM format.').waitFor();
    await saveScreenshot(page, 'register-certificate');
    await expectAccessible(page, 'the register form with its errors');

    // A PEM block that is no certificate: refused in the operator's words, on the field.
    await form
      .getByLabel('Certificate (PEM)')
      .fill('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----');
    await form.getByLabel('Alias', { exact: true }).fill('Payroll');
    await form.getByLabel('Provider').fill('DigiSign');
    await form.getByLabel('Credential id').fill('cred-payroll');
    await form.getByLabel('Expires at').fill(dayFromToday(60));
    await form.getByRole('button', { name: 'Register certificate' }).click();
    await form.getByText(/^This PEM is not a certificate Sign’Stash can read\./).waitFor();
    expect(await form.textContent()).not.toMatch(/X\.509/);

    await form.getByLabel('Certificate (PEM)').fill(await makeCertificatePem({ commonName: 'Payroll Signer' }));
    await form.getByLabel('Alias', { exact: true }).fill('Payroll');
    await form.getByLabel('Provider').fill('DigiSign');
    await form.getByLabel('Credential id').fill('cred-payroll');
    await form.getByLabel('Expires at').fill(dayFromToday(60));
    await form.getByRole('button', { name: 'Register certificate' }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificate Payroll' }).waitFor();
    await page.getByText('Certificate “Payroll” registered.').waitFor();
    expect(await detailItems(page.getByRole('region', { name: 'Certificate Authority Access' }))).toMatchObject({
      'Certificate Authority': 'DigiSign (recorded by hand)',
      'Credential id': 'cred-payroll',
      'Time left': '60 days',
      'CA access': 'Granted',
    });
    await expectAccessible(page, 'the details page after registering');
  });
});
