import type { Page } from 'playwright-core';
import { eventually, makeCertificatePem, saveScreenshot, waitFor, type GatewaySession } from '@signstash/testing';
import {
  BackofficeBrowser,
  dayFromToday,
  detailItems,
  rowTexts,
  seedCertificate,
  seedClientService,
  shownDay,
  type Account,
} from '../system/backoffice-browser';

/**
 * Issue 15's guards and history in chromium: a renewal to an earlier expiration asks the operator
 * first, the same PEM twice for one issuer is refused naming the alias holding it, and a
 * certificate's history shows its client services suspended by the expiry and reactivated.
 */
describe('backoffice: guarded actions and the client services in the history (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account & { name: string };
  let session: GatewaySession;

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ expiryIntervalSeconds: 1 });
    ({ session, ...operator } = await backoffice.system.newOperator());
  });
  afterAll(async () => backoffice?.stop());

  const access = (page: Page) => page.getByRole('region', { name: 'Certificate Authority Access' });
  const history = async (page: Page) =>
    (await rowTexts(page.getByRole('table', { name: 'History of changes' }))).map(([, ...cells]) =>
      cells.join(' · ').replace(/\s+/g, ' '),
    );
  /** The history as a reload shows it: the client-service lines arrive from Kafka after the page asked. */
  const reloadedHistory = async (page: Page) => {
    await page.reload();
    await page.getByRole('table', { name: 'History of changes' }).waitFor();
    return history(page);
  };

  it('asks before renewing to an earlier expiration, saying both dates, and renews only once confirmed', async () => {
    const expiresAt = `${dayFromToday(60)}T00:00:00.000Z`;
    const id = await seedCertificate(session, await makeCertificatePem(), { alias: 'Shortened', expiresAt });
    const page = await backoffice.signedInPage(operator);
    await page.goto(`/certificates/${id}`);
    await access(page).getByRole('button', { name: 'Renew CA access' }).click();
    const form = page.getByRole('form', { name: 'Renew CA access' });
    const earlier = `${dayFromToday(43)}T00:00:00.000Z`;
    await form.getByLabel('New expiration date').fill(earlier.slice(0, 10));
    await form.getByRole('button', { name: 'Renew access' }).click();

    const [current, next] = [await shownDay(page, expiresAt), await shownDay(page, earlier)];
    const dialog = page.getByRole('dialog', { name: 'Shorten the CA access?' });
    await dialog.waitFor();
    expect((await dialog.textContent())?.replace(/\s+/g, ' ')).toContain(
      `The CA access currently expires on ${current}. The new expiration date, ${next}, is earlier`,
    );
    await saveScreenshot(page, 'renewal-earlier-confirmation');
    await dialog.getByRole('button', { name: 'Keep the current date' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await session.get(`/api/certificates/${id}`)).body.access.expiresAt).toBe(expiresAt);

    await form.getByRole('button', { name: 'Renew access' }).click();
    await dialog.getByRole('button', { name: 'Shorten the access' }).click();
    await access(page).getByRole('status').filter({ hasText: 'The CA access was renewed.' }).waitFor();
    await eventually(async () =>
      expect(await detailItems(access(page))).toMatchObject({ 'Expiration date': next, 'Time left': '43 days' }),
    );
  });

  it('refuses a PEM the issuer registered already, naming the alias that holds it', async () => {
    const pem = await makeCertificatePem({ commonName: 'Registered once' });
    await seedCertificate(session, pem, { alias: 'The original', expiresAt: `${dayFromToday(90)}T00:00:00.000Z` });
    const page = await backoffice.signedInPage(operator);
    await page.getByRole('link', { name: 'Add certificate' }).click();
    await page.getByRole('link', { name: 'Register it by hand with its PEM' }).click();
    const form = page.getByRole('form', { name: 'Register certificate' });
    await form.getByLabel('Certificate (PEM)').fill(pem);
    await form.getByLabel('Alias', { exact: true }).fill('The copy');
    await form.getByLabel('Provider').fill('DigiSign');
    await form.getByLabel('Credential id').fill('cred-copy');
    await form.getByLabel('Expires at').fill(dayFromToday(60));
    await form.getByRole('button', { name: 'Register certificate' }).click();
    await form.getByText('this certificate (PEM) is already registered as "The original"').waitFor();
    expect(await form.getByText('Someone else changed this certificate meanwhile.').count()).toBe(0);
    await saveScreenshot(page, 'register-duplicate-pem');
    expect((await session.get('/api/certificates?alias=The%20copy')).body.total).toBe(0);
  });

  it("shows in the certificate's history its client services suspended by the expiry and reactivated, by whom", async () => {
    const id = await seedCertificate(session, await makeCertificatePem(), {
      alias: 'Lapsing',
      expiresAt: new Date(Date.now() + 6000).toISOString(),
    });
    const billing = await seedClientService(session, 'Billing', id);
    await waitFor(
      async () =>
        (await session.get(`/api/client-services/${billing}`)).body.status === 'SUSPENDED' ? true : undefined,
      30_000,
      250,
    );
    const page = await backoffice.signedInPage(operator);
    await page.goto(`/certificates/${id}`);
    await page.getByRole('alert').filter({ hasText: 'The CA access has expired.' }).waitFor();
    await eventually(
      async () =>
        expect((await reloadedHistory(page))[0]).toBe(
          "Sign'Stash (automatic) · Client service suspended" +
            'Client service "Billing" suspended: the CA access expired · Client service: Active → changed to Suspended',
        ),
      20_000,
      500,
    );

    await access(page).getByRole('button', { name: 'Renew CA access' }).click();
    await access(page).getByLabel('New expiration date').fill(dayFromToday(60));
    await access(page).getByRole('button', { name: 'Renew access' }).click();
    const prompt = page.getByRole('dialog', { name: 'Reactivate client services' });
    await prompt.getByRole('button', { name: 'Reactivate now' }).click();
    await prompt.waitFor({ state: 'hidden' });
    await eventually(
      async () =>
        expect((await reloadedHistory(page)).slice(0, 3)).toEqual([
          `${operator.name} · Client service reactivated` +
            'Client service "Billing" reactivated after the renewal · Client service: Suspended → changed to Active',
          expect.stringMatching(`^${operator.name} · CA access renewed`),
          expect.stringMatching(/^Sign'Stash \(automatic\) · Client service suspended/),
        ]),
      20_000,
      500,
    );
    await saveScreenshot(page, 'history-client-services');
  });
});
