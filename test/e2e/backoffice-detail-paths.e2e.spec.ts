import type { Page } from 'playwright-core';
import { eventually, GatewaySession, makeCertificatePem, saveScreenshot, uniqueName } from '@signstash/testing';
import { OperatorDirectory } from '../../services/backoffice-gateway/src/operators/operator-directory.service';
import {
  BackofficeBrowser,
  dayFromToday,
  detailItems,
  rowTexts,
  saveFirstScreen,
  seedCertificate,
  seedClientService,
  type Account,
} from '../system/backoffice-browser';
import { expectAccessible } from '../system/accessibility';

const widths = [
  ['laptop', 1366, 900],
  ['phone', 390, 844],
] as const;

/**
 * The details an operator works in, at 1366 and 390 px: the renewal asked for from the alert, and no
 * "expiring soon" left on the page once it is done; a client service of an inactive certificate said
 * to be unable to sign; the client-service details page (its certificate, status with reason, history,
 * the status dialog); the settings' changes a page at a time; a viewer's header naming the issuer.
 */
describe('backoffice: renewal, client-service details and settings at 1366 and 390 px (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account & { name: string };
  let session: GatewaySession;
  const due: Record<number, string> = {};
  let pausedCertificate: string;
  let invoicing: string;

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ expiryIntervalSeconds: 60 });
    ({ session, ...operator } = await backoffice.system.newOperator());
    const expiresAt = `${dayFromToday(10)}T00:00:00.000Z`;
    for (const [, width] of widths)
      due[width] = await seedCertificate(session, await makeCertificatePem(), {
        alias: `Renewal due ${width}`,
        expiresAt,
      });
    invoicing = await seedClientService(session, 'Invoicing API', due[1366]);
    const suspended = await session.put(`/api/client-services/${invoicing}/status`, {
      status: 'SUSPENDED',
      reason: 'Maintenance window',
    });
    expect(suspended.status).toBe(200);

    pausedCertificate = await seedCertificate(session, await makeCertificatePem(), {
      alias: 'Paused certificate',
      expiresAt: `${dayFromToday(90)}T00:00:00.000Z`,
    });
    await seedClientService(session, 'Archive API', pausedCertificate);
    const current = await session.get(`/api/certificates/${pausedCertificate}`);
    const paused = await session.put(
      `/api/certificates/${pausedCertificate}/status`,
      { status: 'inactive', reason: 'Audit' },
      { 'If-Match': current.etag! },
    );
    expect(paused.status).toBe(200);

    // Twelve changes of the thresholds: more than one page of the settings' changes.
    for (let n = 0; n < 12; n++) {
      const changed = await session.put('/api/settings/warning-thresholds', {
        thresholdsDays: n % 2 ? [7, 1] : [14, 3],
      });
      expect(changed.status).toBe(200);
    }
  });
  afterAll(async () => backoffice?.stop());

  const pageAt = async (width: number, height: number) => {
    const page = await backoffice.signedInPage(operator, width);
    await page.setViewportSize({ width, height });
    return page;
  };
  const access = (page: Page) => page.getByRole('region', { name: 'Certificate Authority Access' });
  const activeName = (page: Page): Promise<string> =>
    page.evaluate("document.activeElement.getAttribute('name') ?? document.activeElement.tagName");

  it.each(widths)(
    'renews from the alert, and the page shows the new grant at once (%s)',
    async (name, width, height) => {
      const page = await pageAt(width, height);
      await page.goto(`/certificates/${due[width]}`);
      const warning = page.locator('.alert').filter({ hasText: 'The CA access expires in 10 days.' });
      await warning.waitFor();
      // The alert's link opens the renewal form and puts focus in it.
      await warning.getByRole('link', { name: 'Renew CA access' }).click();
      const form = page.getByRole('form', { name: 'Renew CA access' });
      await form.waitFor();
      await eventually(async () => expect(await activeName(page)).toBe('expiresAt'));
      await expectAccessible(page, `the renewal form opened from the alert at ${width} px`);

      // On the laptop a renewal shorter than the 30 days of "expiring soon" (the case: the new
      // grant inside the warning window), on the phone a long one.
      const days = width > 760 ? 20 : 200;
      await form.getByLabel('New expiration date').fill(dayFromToday(days));
      await form.getByRole('button', { name: 'Renew access' }).click();
      await access(page).getByRole('status').filter({ hasText: 'The CA access was renewed.' }).waitFor();
      // At once, not after a later refresh: the page says the new grant, and no advice to renew it again.
      expect(await page.locator('.alert').filter({ hasText: 'The CA access expires' }).count()).toBe(0);
      const condition = days > 30 ? 'Granted' : 'Expiring soon';
      expect(await detailItems(access(page))).toMatchObject({
        'Time left': `${days} days`,
        'CA access': condition,
        'Access period': expect.stringMatching(/^Period 2, renewed 1 time/),
      });
      expect(await page.locator('.title-badges').textContent()).toBe(
        `Certificate activeCA access ${condition.toLowerCase()}`,
      );
      await saveScreenshot(page, `issue21-details-after-renewal-${width}px`);
      await saveFirstScreen(page, `issue21-details-after-renewal-${width}px-first-screen`);
      await expectAccessible(page, `the details after a renewal at ${width} px (${name})`);
    },
  );

  it('says what an active client service of an inactive certificate cannot do', async () => {
    const page = await pageAt(1366, 900);
    const cannotSign = /^Active — cannot sign while its certificate is inactive$/;
    await page.goto(`/certificates/${pausedCertificate}`);
    const section = page.getByRole('table', { name: 'Client services using this certificate' });
    await eventually(async () => expect((await rowTexts(section))[0][1]).toMatch(cannotSign));

    await page.goto('/client-services');
    const list = page.getByRole('table', { name: 'Client services' });
    await eventually(async () => {
      const row = (await rowTexts(list)).find((cells) => cells[0] === 'Archive API');
      expect(row?.[2]).toMatch(cannotSign);
    }, 15_000);
    await saveScreenshot(page, 'issue21-client-services-inactive-certificate-1366px');
    await expectAccessible(page, 'the client services with one of an inactive certificate');
  });

  it.each(widths)(
    'opens a client service from its name: certificate, status with reason, history (%s)',
    async (name, width, height) => {
      const page = await pageAt(width, height);
      await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Client services' }).click();
      await page.getByRole('table', { name: 'Client services' }).getByRole('link', { name: 'Invoicing API' }).click();
      await page.getByRole('heading', { level: 1, name: 'Client service Invoicing API' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/client-services/${invoicing}`);
      const general = page.getByRole('region', { name: 'Client service', exact: true });
      await eventually(async () =>
        expect(await detailItems(general)).toMatchObject({
          Name: 'Invoicing API',
          Certificate: `Renewal due 1366`,
          Status: 'Suspended',
          Reason: 'Maintenance window',
        }),
      );
      const history = page.getByRole('table', { name: 'History of the client service' });
      const lines = async () =>
        (await rowTexts(history)).map(([, who, what, reason]) => `${who} · ${what} · ${reason}`);
      await eventually(async () =>
        expect((await lines()).slice(-2)).toEqual([
          `${operator.name} · SuspendedStatus: Suspended · Maintenance window`,
          `${operator.name} · RegisteredStatus: Active · `,
        ]),
      );
      await saveScreenshot(page, `issue21-client-service-details-${width}px`);
      await saveFirstScreen(page, `issue21-client-service-details-${width}px-first-screen`);
      await expectAccessible(page, `the client-service details at ${width} px (${name})`);

      await general.getByRole('button', { name: 'Change status' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change status of Invoicing API' });
      await dialog.waitFor();
      await expectAccessible(page, `the status dialog on the client-service details at ${width} px`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      // Its certificate is a link to the certificate's details, whose client services link back by name.
      await general.getByRole('link', { name: 'Renewal due 1366' }).click();
      await page.getByRole('heading', { level: 1, name: 'Certificate Renewal due 1366' }).waitFor();
      await page
        .getByRole('table', { name: 'Client services using this certificate' })
        .getByRole('link', { name: 'Invoicing API' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Client service Invoicing API' }).waitFor();
    },
  );

  it.each(widths)('shows the settings changes a page at a time (%s)', async (name, width, height) => {
    const page = await pageAt(width, height);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Settings' }).click();
    const changes = page.getByRole('region', { name: 'Changes', exact: true });
    await eventually(async () =>
      expect(await changes.locator('.pagination-summary').textContent()).toBe('Showing 1–10 of 12 changes'),
    );
    expect(await rowTexts(changes.getByRole('table'))).toHaveLength(10);
    await saveScreenshot(page, `issue21-settings-${width}px`);
    await saveFirstScreen(page, `issue21-settings-${width}px-first-screen`);
    await expectAccessible(page, `the settings at ${width} px (${name})`);
    await changes.getByRole('button', { name: 'Next' }).click();
    await eventually(async () =>
      expect(await changes.locator('.pagination-summary').textContent()).toBe('Showing 11–12 of 12 changes'),
    );
    expect(await rowTexts(changes.getByRole('table'))).toHaveLength(2);
    const top = (await changes.locator('.table-block').boundingBox())!;
    // In view with its first rows (a short last page cannot scroll further than the page's end).
    expect(top.y).toBeGreaterThanOrEqual(-1);
    const firstRow = (await changes.locator('tbody tr').first().boundingBox())!;
    expect(firstRow.y + firstRow.height).toBeLessThanOrEqual(height);
  });

  it("names the issuer in a viewer's header, and the sign-in page speaks to viewers too", async () => {
    const issuerId = uniqueName('issuer');
    await backoffice.system.apps.gateway.get(OperatorDirectory).create({
      issuerId,
      issuerName: 'Acme Signing, Lda',
      name: 'Ana',
      email: `${uniqueName('ana')}@acme.example`,
      role: 'issuer-operator',
      password: 'correct horse battery',
    });
    // Added as the CLI does without --issuer-name: the issuer's id only.
    const viewer = await backoffice.system.createOperator(issuerId, 'viewer');
    const page = await backoffice.newPage(1366);
    await page.goto('/login');
    await page.getByText('issuer operators and viewers sign in here').waitFor();
    await backoffice.signIn(page, viewer, 'Settings');
    expect(await page.locator('.operator-issuer').textContent()).toBe('Acme Signing, Lda');
  });
});
