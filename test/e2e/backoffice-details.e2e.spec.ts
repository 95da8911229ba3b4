import type { Page } from 'playwright-core';
import { eventually, GatewaySession, makeCertificatePem, saveScreenshot, waitFor } from '@signstash/testing';
import {
  BackofficeBrowser,
  horizontalOverflow,
  dayFromToday,
  detailItems,
  rowTexts,
  seedCertificate,
  shownDay,
  type Account,
} from '../system/backoffice-browser';
import { expectAccessible } from '../system/accessibility';

/**
 * The certificate details page in chromium: both sections as registered, editing the details (a
 * taken alias refused as such), renewing the CA access (refused first) and changing the status, each
 * seen in the history; and an access expiring while the page is open.
 */
describe('backoffice: the certificate details page (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account & { name: string };
  let session: GatewaySession;
  let pem: string;
  let certificate: { id: string; certificate: { serialNumber: string; fingerprintSha256: string } };
  const expiresAt = `${dayFromToday(90)}T00:00:00.000Z`;

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ expiryIntervalSeconds: 60 });
    ({ session, ...operator } = await backoffice.system.newOperator());
    pem = await makeCertificatePem({ commonName: 'Invoice Signer', organization: 'Acme Test CA' });
    const description = 'Signs the monthly invoices';
    const id = await seedCertificate(session, pem, {
      alias: 'Signing key',
      description,
      credentialId: 'cred-4711',
      expiresAt,
    });
    certificate = await waitFor(async () => {
      const response = await session.get(`/api/certificates/${id}`);
      return response.status === 200 ? response.body : undefined;
    });
    await seedCertificate(session, await makeCertificatePem(), { alias: 'Archive signer', expiresAt });
  });
  afterAll(async () => backoffice?.stop());

  const general = (page: Page) => page.getByRole('region', { name: 'General certificate information' });
  const access = (page: Page) => page.getByRole('region', { name: 'Certificate Authority Access' });
  /** The history's lines, newest first, as one normalised "who · what · before → after" text each. */
  const history = async (page: Page) =>
    (await rowTexts(page.getByRole('table', { name: 'History of changes' }))).map(([, ...cells]) =>
      cells.join(' · ').replace(/\s+/g, ' '),
    );
  const latestChange = async (page: Page) => (await history(page))[0];

  it('opens the details from the eye icon, with the general information and the CA access', async () => {
    const page = await backoffice.signedInPage(operator);
    await page.getByRole('link', { name: 'View details of Signing key' }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificate Signing key' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/certificates/${certificate.id}`);

    await eventually(async () =>
      expect(await detailItems(general(page))).toMatchObject({
        Alias: 'Signing key',
        Description: 'Signs the monthly invoices',
        'Certificate status': 'Active',
        Subject: expect.stringContaining('CN=Invoice Signer'),
        'Issuing CA': expect.stringContaining('Acme Test CA'),
        'Serial number': certificate.certificate.serialNumber,
        'SHA-256 fingerprint': certificate.certificate.fingerprintSha256,
        'Key usage': 'Document signing (1.3.6.1.5.5.7.3.36), E-mail protection (1.3.6.1.5.5.7.3.4)',
        Registered: expect.stringContaining(`by ${operator.name}`),
      }),
    );
    expect(await detailItems(access(page))).toMatchObject({
      'Certificate Authority': 'Multicert (recorded by hand)',
      'Credential id': 'cred-4711',
      'Expiration date': await shownDay(page, expiresAt),
      'Time left': '90 days',
      'CA access': 'Granted',
      'Access period':
        'Period 1, granted at registrationA period runs from one grant of the access to its expiry; each renewal starts a new one.',
      'Signatures used': '0 of 1,000,000,000 (0 %)Counted since the last grant; a renewal starts the count again.',
    });
    await eventually(async () =>
      expect(await history(page)).toEqual([expect.stringMatching(`^${operator.name} · Registered`)]),
    );
    await saveScreenshot(page, 'certificate-details');
    await expectAccessible(page, 'the details page');
  });

  it('edits the alias and description, and the history shows who changed what', async () => {
    const page = await backoffice.signedInPage(operator);
    await page.goto(`/certificates/${certificate.id}`);
    await general(page).getByRole('button', { name: 'Edit details' }).click();
    const form = page.getByRole('form', { name: 'Edit details' });
    await form.getByLabel('Alias').fill('');
    await form.getByRole('button', { name: 'Save details' }).click();
    await form.getByText('Enter an alias.').waitFor();
    await expectAccessible(page, 'the edit form with an error');

    // A taken alias is a refusal of its own, said on the field: not "someone else changed this certificate".
    await form.getByLabel('Alias').fill('Archive signer');
    await form.getByRole('button', { name: 'Save details' }).click();
    await form
      .getByText('The alias “Archive signer” is already used by another certificate. Choose another alias.')
      .waitFor();
    expect(await form.textContent()).not.toMatch(/Someone else changed/);
    await expectAccessible(page, 'the edit form with a taken alias');

    await form.getByLabel('Alias').fill('Signing key 2026');
    await form.getByLabel('Description').fill('Signs the invoices of 2026');
    await form.getByRole('button', { name: 'Save details' }).click();
    await general(page).getByRole('status').filter({ hasText: 'The certificate details were saved.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Certificate Signing key 2026' }).waitFor();
    expect(await detailItems(general(page))).toMatchObject({
      Alias: 'Signing key 2026',
      Description: 'Signs the invoices of 2026',
    });
    await eventually(async () => expect(await latestChange(page)).toMatch(`${operator.name} · Details changed`));
    expect(await latestChange(page)).toMatch(
      /· Alias: Signing key → changed to Signing key 2026 ?Description: Signs the monthly invoices → changed to Signs the invoices of 2026$/,
    );
  });

  it('renews the CA access after refusing a past date and a date past the certificate validity', async () => {
    const page = await backoffice.signedInPage(operator);
    await page.goto(`/certificates/${certificate.id}`);
    await access(page).getByRole('button', { name: 'Renew CA access' }).click();
    const form = page.getByRole('form', { name: 'Renew CA access' });
    const newDate = form.getByLabel('New expiration date');
    await newDate.fill(dayFromToday(-1));
    await form.getByRole('button', { name: 'Renew access' }).click();
    await form.getByText('The new expiration date must be after today.').waitFor();

    await newDate.fill(dayFromToday(3 * 365));
    await form.getByRole('button', { name: 'Renew access' }).click();
    await form
      .getByText(
        /^The access cannot outlast the certificate, which is valid until \d{2} \w{3} \d{4}, \d{2}:\d{2} UTC\./,
      )
      .waitFor();
    await expectAccessible(page, 'the renew form with an error');

    const renewedTo = `${dayFromToday(200)}T00:00:00.000Z`;
    await newDate.fill(renewedTo.slice(0, 10));
    await form.getByLabel('New credential id').fill('cred-4712');
    await form.getByRole('button', { name: 'Renew access' }).click();
    await access(page).getByRole('status').filter({ hasText: 'The CA access was renewed.' }).waitFor();
    await eventually(async () =>
      expect(await detailItems(access(page))).toMatchObject({
        'Expiration date': await shownDay(page, renewedTo),
        'Time left': '200 days',
        'Credential id': 'cred-4712',
        'CA access': 'Granted',
        'Access period': expect.stringMatching(/^Period 2, renewed 1 time/),
      }),
    );
    const [from, to] = [await shownDay(page, expiresAt), await shownDay(page, renewedTo)];
    await eventually(async () => expect(await latestChange(page)).toMatch(`${operator.name} · CA access renewed`));
    expect(await latestChange(page)).toMatch(
      new RegExp(`· Expiration date: ${from} → changed to ${to} ?Credential id: cred-4711 → changed to cred-4712$`),
    );
    // The summary writes the day as the page does, never as an ISO instant.
    expect(await latestChange(page)).toContain(`CA access renewed until ${to}`);
    expect((await history(page)).join(' ')).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await expectAccessible(page, 'the details page after a renewal');
  });

  it('changes the status with a reason, which the details and the history show', async () => {
    const page = await backoffice.signedInPage(operator);
    await page.goto(`/certificates/${certificate.id}`);
    await general(page).getByRole('button', { name: 'Change status' }).click();
    const form = page.getByRole('form', { name: 'Change status' });
    expect(await form.getByLabel('Inactive').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Save status' }).click();
    await form.getByText('Enter the reason for this change; it is kept in the history.').waitFor();
    await form.getByText(/^While the certificate is inactive, Sign’Stash does not sign with it/).waitFor();
    await expectAccessible(page, 'the status form with an error');

    await form.getByLabel('Reason').fill('Paused during the audit');
    await form.getByRole('button', { name: 'Save status' }).click();
    await general(page).getByRole('status').filter({ hasText: 'The certificate is now inactive.' }).waitFor();
    await eventually(async () =>
      expect((await detailItems(general(page)))['Certificate status']).toMatch(/^Inactive\s*Paused during the audit$/),
    );
    await eventually(async () => expect(await latestChange(page)).toMatch(`${operator.name} · Status changed`));
    expect(await latestChange(page)).toMatch(
      /Paused during the audit · Certificate status: Active → changed to Inactive$/,
    );
    await expectAccessible(page, 'the details page after a status change');
  });

  it('counts the time left down on an open page and switches to expired at the instant, without a reload', async () => {
    // The scheduler runs once a minute here: what changes on screen comes from the page's own clock.
    const soon = new Date(Date.now() + 20_000).toISOString();
    const id = await seedCertificate(session, await makeCertificatePem(), { alias: 'Lapsing soon', expiresAt: soon });
    const page = await backoffice.signedInPage(operator);
    await page.goto(`/certificates/${id}`);
    await page.getByText('The CA access expires in less than a minute.').waitFor();
    expect((await detailItems(access(page)))['Time left']).toBe('less than a minute');
    expect((await detailItems(access(page)))['Expiration date']).toMatch(/^\d{2} \w{3} \d{4}, \d{2}:\d{2} UTC$/);
    // On the very day, "before" names the time, not just the day.
    await page.getByText(/^Renew it before \d{2} \w{3} \d{4}, \d{2}:\d{2} UTC/).waitFor();
    await expectAccessible(page, 'the details page of an access expiring in seconds');

    await page.getByText('The CA access has expired.').waitFor({ timeout: 30_000 });
    expect((await detailItems(access(page)))['Time left']).toMatch(/^Expired (just now|1 minute ago)$/);
    expect(await page.locator('.title-badges').textContent()).toBe('Certificate activeCA access expired');

    // On a phone, what needs doing comes first: the alert sits under the title, not below the general information.
    await page.setViewportSize({ width: 390, height: 844 });
    const alert = page.getByRole('alert').filter({ hasText: 'The CA access has expired.' });
    expect((await alert.boundingBox())!.y).toBeLessThan(400);
    expect(await horizontalOverflow(page, 390)).toEqual([]);
    await saveScreenshot(page, 'certificate-details-expired-390px');
    await expectAccessible(page, 'the details page of an expired access at 390 px');
  });
});
