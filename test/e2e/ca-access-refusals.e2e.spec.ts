import { CLOCK, type Clock } from '@signstash/platform';
import { saveScreenshot } from '@signstash/testing';
import { BackofficeBrowser, type Account } from '../system/backoffice-browser';
import { authorizedAtLocalTestCa as authorizedAtCa } from '../system/local-test-ca-login';
import { SecretExposure } from '../system/secret-exposure';
import { expectAccessible } from '../system/accessibility';

/**
 * Refusals of the CA round trip (the Local test CA: mock-oauth2-server and certomancer-csc-dummy):
 * replayed, refused by the CA, expired, another session, another issuer, cancelled or denied. Each
 * changes nothing and tells the operator why; none exposes a token or the client secret.
 */
describe('CA access refusals: nothing changes, and the operator is told why (four services, chromium)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account;
  const exposure = SecretExposure.watch();

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ logLevels: ['log', 'error', 'warn', 'debug', 'verbose'] });
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

  it('after the refusals, no token or client secret appears in an API answer, a log line, a stored event or a Kafka message', async () => {
    const searched = await exposure.search(backoffice.system);
    expect(searched).toMatchObject({ logsCaptured: true, found: [] });
    expect(searched.tokens).toBeGreaterThanOrEqual(1);
    expect(searched.shortestSecret).toBeGreaterThanOrEqual(16);
    expect(searched.answers).toBeGreaterThan(10);
    expect(searched.events).toBeGreaterThan(0);
    expect(searched.messages).toBeGreaterThan(0);
  });
});
