import { makeCertificatePem } from '@signstash/testing';
import { SignstashSystem } from '../system/signstash-system';

const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

/**
 * Issue 23 item 5: what the fuzzer found the contract (the gateway's OpenAPI document) and the API
 * disagreeing on, each answered as the document says, against the four services.
 */
describe('gateway: the answers the document states (four services)', () => {
  let system: SignstashSystem;
  let session: Awaited<ReturnType<SignstashSystem['newOperator']>>['session'];

  beforeAll(async () => {
    system = await SignstashSystem.start();
    ({ session } = await system.newOperator());
  });
  afterAll(async () => system?.stop());

  it('bounds every list’s page by the one shared page query: a huge or fractional page is a 400 naming it', async () => {
    for (const path of ['/api/client-services', '/api/certificates']) {
      for (const page of ['1e20', '1.5', '100001', '0']) {
        const answer = await session.get(`${path}?page=${page}`);
        expect(answer).toMatchObject({ status: 400, body: { fields: [{ field: 'page' }] } });
      }
      expect((await session.get(`${path}?page=100000`)).body.page).toBe(100000);
    }
  });

  it('requires a body where the route takes one: 400 naming `body`, nothing changed', async () => {
    const before = (await session.get('/api/settings')).body.mail;
    const answer = await session.call('PUT', '/api/settings/mail');
    expect(answer).toMatchObject({ status: 400, body: { fields: [{ field: 'body' }] } });
    expect((await session.get('/api/settings')).body.mail).toEqual(before);
    expect(await session.call('PUT', '/api/settings/mail', { warnings: null })).toMatchObject({ status: 400 });
    // A relayed command: the owning service names what the missing body lacks.
    const relayed = await session.call('POST', '/api/client-services');
    expect(relayed).toMatchObject({
      status: 400,
      body: { fields: expect.arrayContaining([{ field: 'name', reason: expect.any(String) }]) },
    });
  });

  it('answers a business rule the schema cannot state with 422 naming the field', async () => {
    const expiries = await session.put('/api/settings/mail', { expiries: false });
    expect(expiries).toMatchObject({ status: 422, body: { fields: [{ field: 'expiries' }] } });
    const notACertificate = await session.post('/api/certificates', {
      alias: 'Not a certificate',
      pem: 'not a certificate',
      access: { provider: 'CA', credentialId: 'c', expiresAt: inDays(30) },
    });
    expect(notACertificate).toMatchObject({ status: 422, body: { fields: [{ field: 'pem' }] } });
    const registered = await session.post('/api/certificates', {
      alias: 'Renewed into the past',
      pem: await makeCertificatePem(),
      access: { provider: 'CA', credentialId: 'c', expiresAt: inDays(30) },
    });
    const past = await session.post(`/api/certificates/${registered.body.id}/access/renewals`, {
      expiresAt: inDays(-1),
    });
    expect(past).toMatchObject({ status: 422, body: { fields: [{ field: 'expiresAt' }] } });
  });

  it('answers 404 for a test e-mail id that is no UUID, and 201 for the test e-mail asked for', async () => {
    expect((await session.get('/api/settings/test-mail/not-a-uuid')).status).toBe(404);
    expect((await session.post('/api/settings/test-mail')).status).toBe(201);
  });

  it('sends the event stream’s frames as the documented events: `ready` with JSON data', async () => {
    const abort = new AbortController();
    const response = await fetch(`${system.gatewayUrl}/api/events`, {
      headers: session.authHeaders(),
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('event: ready')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    expect(text).toMatch(/event: ready\ndata: \{\}\n\n/);
  });
});
