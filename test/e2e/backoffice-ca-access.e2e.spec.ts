import { saveScreenshot, waitFor } from '@signstash/testing';
import { CLOCK, type Clock } from '@signstash/platform';
import { BackofficeBrowser, detailItems, type Account } from '../system/backoffice-browser';
import { authorizedAtLocalTestCa, signInAtLocalTestCaPage } from '../system/local-test-ca-login';
import { SecretExposure } from '../system/secret-exposure';
import { expectAccessible } from '../system/accessibility';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Adding a certificate and renewing its CA access through the "Local test CA": a real OAuth server
 * (mock-oauth2-server: its sign-in page, single-use codes, PKCE) and a real CSC API server
 * (certomancer-csc-dummy: credentials/list, credentials/info with the chain), in chromium.
 */
describe('backoffice: the CA access granted at the CA (chromium, four services, the Local test CA)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account & { issuerId: string };
  // Everything the run answers and writes, searched at the end for the CA's tokens and client secret.
  const exposure = SecretExposure.watch();

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({
      expiryIntervalSeconds: 1,
      logLevels: ['log', 'error', 'warn', 'debug', 'verbose'],
    });
    const { session: _session, ...account } = await backoffice.system.newOperator();
    operator = account;
  });
  afterAll(async () => {
    exposure.stop();
    await backoffice?.stop();
  });

  /** A signed-in page whose API answers are recorded for the search. */
  const watchedPage = async (account: Account) => {
    const page = await backoffice.signedInPage(account);
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) void exposure.recordAnswer(response.text());
    });
    return page;
  };

  const signInAtCa = signInAtLocalTestCaPage;
  const authorizedAtCa = authorizedAtLocalTestCa;

  it('adds a certificate through the CA (expiry = grant + 60 days), then renews its access through it', async () => {
    const page = await watchedPage(operator);
    await page.getByRole('link', { name: 'Add certificate' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add certificate' }).waitFor();
    await page.getByRole('radio', { name: /Local test CA/ }).check();
    await saveScreenshot(page, 'ca-access-1-choose-ca');
    await expectAccessible(page, 'the Add certificate page');
    await page.getByRole('button', { name: 'Continue to Local test CA' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/authorize'), { waitUntil: 'domcontentloaded' });
    await saveScreenshot(page, 'ca-access-2-ca-sign-in');
    await signInAtCa(page);

    const form = page.getByRole('form', { name: 'Choose the credential' });
    await form.waitFor();
    const credentials = form.getByRole('radio');
    expect(await credentials.count()).toBeGreaterThanOrEqual(2);
    await saveScreenshot(page, 'ca-access-3-choose-credential');
    await expectAccessible(page, 'the credential choice');
    // The test CA offers its root too; the operator picks a signer's credential.
    await form.getByRole('radio', { name: /CN=Alice Martin/ }).check();
    await form.getByLabel('Alias').fill('Invoices at the CA');
    await form.getByLabel('Description').fill('Granted at the Local test CA');
    await form.getByRole('button', { name: 'Add certificate' }).click();

    await page.getByRole('heading', { level: 1, name: 'Invoices at the CA' }).waitFor();
    await page.getByText('Certificate “Invoices at the CA” registered with its access at Local test CA.').waitFor();
    const access = await detailItems(page.getByRole('region', { name: 'Certificate Authority Access' }));
    expect(access['Certificate Authority']).toBe('Local test CA');
    // The limit in force is the grant's, from the CA's rules (recorded with the grant).
    expect(access['Signatures used']).toMatch(/^0 of 1,000,000,000 \(0 %\)/);
    await saveScreenshot(page, 'ca-access-4-registered');

    const session = await backoffice.system.login(operator.email, operator.password);
    const list = await session.get('/api/certificates');
    expect(list.body.total).toBe(1);
    const id = list.body.items[0].id as string;
    const registered = (await session.get(`/api/certificates/${id}`)).body;
    expect(registered.access).toMatchObject({ ca: 'local-test-ca', caName: 'Local test CA', period: 1 });
    expect(Date.parse(registered.access.expiresAt) - Date.parse(registered.access.grantedAt)).toBe(60 * DAY);
    // The certificate is the one the CA returned for the credential, never typed.
    expect(registered.certificate.subject).toMatch(/CN=Alice Martin/);
    expect(registered.access.credentialId).toBe('local-test-ca/alice');

    // Renew, an hour later: the same round trip, a new grant and a new expiry.
    const clock = backoffice.system.apps.certificates.get<Clock>(CLOCK);
    const later = jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + 60 * 60 * 1000));
    try {
      await page.getByRole('button', { name: 'Renew CA access' }).click();
      await signInAtCa(page);
      await page.getByText('The CA access was renewed at Local test CA.').waitFor();
      await saveScreenshot(page, 'ca-access-5-renewed');
    } finally {
      later.mockRestore();
    }
    const renewed = (await session.get(`/api/certificates/${id}`)).body;
    expect(renewed.access).toMatchObject({
      ca: 'local-test-ca',
      period: 2,
      credentialId: registered.access.credentialId,
    });
    expect(Date.parse(renewed.access.grantedAt)).toBeGreaterThan(Date.parse(registered.access.grantedAt));
    expect(Date.parse(renewed.access.expiresAt) - Date.parse(renewed.access.grantedAt)).toBe(60 * DAY);
  });

  it('names the CA among the CAs an issuer operator can choose', async () => {
    const session = await backoffice.system.login(operator.email, operator.password);
    const cas = await session.get('/api/certificate-authorities');
    expect(cas.body.items).toEqual([
      {
        id: 'local-test-ca',
        name: 'Local test CA',
        rules: { periodDays: 60, signatureLimit: 1_000_000_000, usageWarningRatio: 0.9 },
      },
    ]);
  });

  it('renewing through the CA after the access expired offers to reactivate the suspended client services', async () => {
    const { session, ...account } = await backoffice.system.newOperator();
    const { code, state } = await authorizedAtCa(session);
    const offered = await session.post(`/api/ca-authorizations/${state}/return`, { code });
    const { id } = (
      await session.post(`/api/ca-authorizations/${state}/certificate`, {
        credentialId: 'local-test-ca/bruno',
        alias: 'Expired at the CA',
      })
    ).body as { id: string };
    expect(offered.body.credentials.map((c: { credentialId: string }) => c.credentialId)).toContain(
      'local-test-ca/bruno',
    );
    const service = await waitFor(async () => {
      const created = await session.post('/api/client-services', { name: 'Billing', certificateId: id });
      return created.status === 201 ? (created.body as { id: string }) : undefined;
    }, 10_000);
    // 61 days on: the expiry pass expires the access and its client service is suspended.
    const clock = backoffice.system.apps.certificates.get<Clock>(CLOCK);
    const later = jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + 61 * DAY));
    try {
      await waitFor(
        async () =>
          (await session.get(`/api/client-services/${service.id}`)).body.status === 'SUSPENDED' ? true : undefined,
        15_000,
      );
    } finally {
      later.mockRestore();
    }
    const page = await watchedPage(account);
    await page.goto(`/certificates/${id}`);
    await page.getByRole('alert').filter({ hasText: 'The CA access has expired.' }).waitFor();
    await page.getByRole('button', { name: 'Renew CA access' }).click();
    await signInAtCa(page);
    const prompt = page.getByRole('dialog', { name: 'Reactivate client services' });
    await prompt.getByText('1 client service was suspended when the access expired. Reactivate it now?').waitFor();
    await saveScreenshot(page, 'ca-access-7-renewed-reactivate');
    await prompt.getByRole('button', { name: 'Reactivate now' }).click();
    await page.getByText('The CA access was renewed and 1 client service was reactivated.').waitFor();
    expect((await session.get(`/api/client-services/${service.id}`)).body.status).toBe('ACTIVE');
    expect((await session.get(`/api/certificates/${id}`)).body.access).toMatchObject({ state: 'granted', period: 2 });
  });

  // Last: the whole run above (adding, renewing, an expiry) is what is searched.
  it('after the run, no token or client secret appears in an API answer, a log line, a stored event or a Kafka message', async () => {
    const searched = await exposure.search(backoffice.system);
    // Three certificates were registered through the CA (two renewed): their grants are searched for.
    expect(searched).toMatchObject({ logsCaptured: true, found: [] });
    expect(searched.tokens).toBeGreaterThanOrEqual(3);
    expect(searched.shortestSecret).toBeGreaterThanOrEqual(16);
    expect(searched.answers).toBeGreaterThan(20);
    expect(searched.events).toBeGreaterThan(0);
    expect(searched.messages).toBeGreaterThan(0);
  });
});
