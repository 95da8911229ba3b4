import { Logger } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { GatewaySession, saveScreenshot, waitFor } from '@signstash/testing';
import { CLOCK, type Clock } from '@signstash/platform';
import { BackofficeBrowser, detailItems, type Account } from '../system/backoffice-browser';
import { signInAtLocalTestCa } from '../system/local-test-ca-login';
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

  /** On the CA's own page (another origin): sign in as the certificate's client account. */
  const signInAtCa = async (page: Page) => {
    await page.waitForURL((url) => url.pathname.endsWith('/authorize'), { waitUntil: 'domcontentloaded' });
    await page.locator('input[name="username"]').fill('ana.client');
    await page.locator('input[type="submit"]').click();
    await page.waitForURL(
      (url) => url.pathname === '/certificates/ca-return' || url.pathname.startsWith('/certificates/'),
    );
  };

  /** Starts an adding at the CA and signs in there: what the CA sends back (`code`, `state`). */
  const authorizedAtCa = async (session: GatewaySession, body = {}) => {
    const started = await session.post('/api/ca-authorizations', { ca: 'local-test-ca', ...body });
    expect(started.status).toBe(201);
    const back = await signInAtLocalTestCa(started.body.authorizationUrl);
    return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
  };

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

  describe('refusals: nothing changes, and the operator is told why', () => {
    const certificatesOf = async (account: Account) =>
      (await (await backoffice.system.login(account.email, account.password)).get('/api/certificates')).body.total;

    it('refuses a replayed return (the code is used once)', async () => {
      const { session, ...account } = await backoffice.system.newOperator();
      const { code, state } = await authorizedAtCa(session);
      expect((await session.post(`/api/ca-authorizations/${state}/return`, { code })).status).toBe(200);
      const replayed = await session.post(`/api/ca-authorizations/${state}/return`, { code });
      expect(replayed).toMatchObject({ status: 409, body: { code: 'authorization-used' } });
      expect(replayed.body.message).toMatch(/used already: nothing changed/);
      expect(await certificatesOf(account)).toBe(0);
    });

    it('passes on the CA refusing the code (not the one it issued), with its reason', async () => {
      const { session, ...account } = await backoffice.system.newOperator();
      const { state } = await authorizedAtCa(session);
      const refused = await session.post(`/api/ca-authorizations/${state}/return`, {
        code: 'not-the-code-the-ca-gave',
      });
      expect(refused).toMatchObject({ status: 409, body: { code: 'ca-refused' } });
      expect(refused.body.message).toMatch(
        /^Local test CA refused the authorization \(.+\)\. Nothing changed; start again\.$/,
      );
      expect(await certificatesOf(account)).toBe(0);
    });

    it('refuses a return older than 2 minutes', async () => {
      const { session, ...account } = await backoffice.system.newOperator();
      const { code, state } = await authorizedAtCa(session);
      const clock = backoffice.system.apps.certificates.get<Clock>(CLOCK);
      const late = jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + 2 * 60 * 1000 + 1000));
      try {
        const expired = await session.post(`/api/ca-authorizations/${state}/return`, { code });
        expect(expired).toMatchObject({ status: 409, body: { code: 'authorization-expired' } });
        expect(expired.body.message).toMatch(/within 2 minutes/);
      } finally {
        late.mockRestore();
      }
      expect(await certificatesOf(account)).toBe(0);
    });

    it('refuses a state from another session, even of the same operator (404)', async () => {
      const { session, ...account } = await backoffice.system.newOperator();
      const { code, state } = await authorizedAtCa(session);
      const other = await backoffice.system.login(account.email, account.password);
      const foreign = await other.post(`/api/ca-authorizations/${state}/return`, { code });
      expect(foreign.status).toBe(404);
      expect(foreign.body.message).toMatch(/not started in this session/);
      // The authorization was not spent by the foreign attempt: its own session still completes it.
      expect((await session.post(`/api/ca-authorizations/${state}/return`, { code })).status).toBe(200);
    });

    it("another issuer's certificate cannot be renewed: 404, as if it did not exist", async () => {
      const owner = await backoffice.system.newOperator();
      const { code, state } = await authorizedAtCa(owner.session);
      const offered = await owner.session.post(`/api/ca-authorizations/${state}/return`, { code });
      const registered = await owner.session.post(`/api/ca-authorizations/${state}/certificate`, {
        credentialId: offered.body.credentials[0].credentialId,
        alias: 'Owned',
      });
      expect(registered.status).toBe(201);
      const intruder = await backoffice.system.newOperator();
      const renewal = await intruder.session.post('/api/ca-authorizations', {
        ca: 'local-test-ca',
        certificateId: registered.body.id,
      });
      expect(renewal.status).toBe(404);
      expect(renewal.body.message).toBe('This certificate does not exist or does not belong to your issuer.');
    });

    it('a cancelled or denied authorization at the CA changes nothing and says so, with a way to try again', async () => {
      const page = await watchedPage(operator);
      const before = (await (await backoffice.system.login(operator.email, operator.password)).get('/api/certificates'))
        .body.total;
      await page.getByRole('link', { name: 'Add certificate' }).click();
      await page.getByRole('button', { name: 'Continue to Local test CA' }).click();
      await page.waitForURL((url) => url.pathname.endsWith('/authorize'), { waitUntil: 'domcontentloaded' });
      // The test CA's page has no "cancel": a CA that is cancelled or denied sends back `error=access_denied`.
      const state = new URL(page.url()).searchParams.get('state')!;
      await page.goto(`/certificates/ca-return?error=access_denied&state=${encodeURIComponent(state)}`);
      await page.getByText('The authorization was cancelled or denied at Local test CA. Nothing changed.').waitFor();
      await page.getByRole('link', { name: 'Try again' }).waitFor();
      await page.getByText('The certificate was not added.').waitFor();
      await saveScreenshot(page, 'ca-access-6-denied');
      await expectAccessible(page, 'a refused return from the CA');
      expect(
        (await (await backoffice.system.login(operator.email, operator.password)).get('/api/certificates')).body.total,
      ).toBe(before);
    });
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

  // Last: the whole run above (adding, renewing, refusals) is what is searched.
  it('after the run, no token or client secret appears in an API answer, a log line, a stored event or a Kafka message', async () => {
    const { tokens, stored } = await SecretExposure.grantedTokens(backoffice.system);
    // Two certificates were registered through the CA (one renewed): their grants are what is searched for.
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const secrets = [...tokens, backoffice.system.caSecrets.clientSecret, backoffice.system.caSecrets.tokenKey];
    for (const secret of secrets) expect(secret.length).toBeGreaterThanOrEqual(16);
    const { events, messages } = await SecretExposure.eventsAndMessages(backoffice.system);
    const places = { answers: exposure.answers, logs: exposure.output, events, messages, 'token store': [stored] };
    expect(exposure.answers.length).toBeGreaterThan(20);
    // The services' logger writes where the search reads (a canary logged as they log is found).
    const canary = `canary-${Date.now()}`;
    new Logger('secret-search').log(canary);
    expect(exposure.output.some((line) => line.includes(canary))).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    expect(messages.length).toBeGreaterThan(0);
    const found = Object.entries(places).flatMap(([place, texts]) =>
      secrets.flatMap((secret, index) =>
        texts.some((text) => text.includes(secret)) ? [`secret #${index} in ${place}`] : [],
      ),
    );
    expect(found).toEqual([]);
  });
});
