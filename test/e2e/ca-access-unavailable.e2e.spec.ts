import { TcpProxy, testEnv } from '@signstash/testing';
import { SignstashSystem } from '../system/signstash-system';
import { signInAtLocalTestCa } from '../system/local-test-ca-login';

/**
 * The CA down at the worst moment: the operator signed in at the CA, and the backoffice cannot
 * reach the CA's token endpoint when the browser comes back. A clear 503 with Retry-After, nothing
 * renewed, nothing stored; once the CA is back, starting again renews.
 */
describe('CA access: the CA unavailable on return (four services, the Local test CA behind a proxy)', () => {
  let system: SignstashSystem;
  let oauth: TcpProxy;

  beforeAll(async () => {
    const target = new URL(testEnv().oauthUrl);
    oauth = new TcpProxy(await TcpProxy.freePort(), target.hostname, Number(target.port));
    await oauth.up();
    system = await SignstashSystem.start({
      localTestCa: { cscUrl: testEnv().cscUrl, oauthUrl: `http://127.0.0.1:${oauth.port}${target.pathname}` },
    });
  });
  afterAll(async () => {
    await system?.stop();
    await oauth?.down();
  });

  it('answers 503 with Retry-After and leaves the access as it was; a new round trip renews it', async () => {
    const { session } = await system.newOperator();
    const authorize = async (body: object = {}) => {
      const started = await session.post('/api/ca-authorizations', { ca: 'local-test-ca', ...body });
      const back = await signInAtLocalTestCa(started.body.authorizationUrl);
      return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
    };
    const first = await authorize();
    const offered = await session.post(`/api/ca-authorizations/${first.state}/return`, { code: first.code });
    const { id } = (
      await session.post(`/api/ca-authorizations/${first.state}/certificate`, {
        credentialId: offered.body.credentials.at(-1).credentialId,
        alias: 'Down then up',
      })
    ).body as { id: string };
    const before = await session.get(`/api/certificates/${id}`);

    const renewal = await authorize({ certificateId: id });
    await oauth.down();
    const response = await fetch(`${system.gatewayUrl}/api/ca-authorizations/${renewal.state}/return`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...session.authHeaders() },
      body: JSON.stringify({ code: renewal.code }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toMatchObject({
      code: 'ca-unavailable',
      message: 'Local test CA cannot be reached right now. Nothing changed; try again in a moment.',
    });
    const after = await session.get(`/api/certificates/${id}`);
    expect(after.etag).toBe(before.etag);
    expect(after.body.access).toEqual(before.body.access);

    await oauth.up();
    const again = await authorize({ certificateId: id });
    const renewed = await session.post(`/api/ca-authorizations/${again.state}/return`, { code: again.code });
    expect(renewed).toMatchObject({ status: 200, body: { purpose: 'renew', certificateId: id } });
    expect((await session.get(`/api/certificates/${id}`)).body.access.period).toBe(2);
  });
});
