import { randomUUID } from 'node:crypto';
import { makeCertificatePem, waitFor } from '@signstash/testing';
import { SignstashSystem } from '../system/signstash-system';

const DAY = 24 * 60 * 60 * 1000;
const later = (days: number) => new Date(Date.now() + days * DAY).toISOString();

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
interface Route {
  method: Method;
  path: (certificateId: string, clientServiceId: string) => string;
  valid?: unknown;
  invalid?: unknown;
}

/** Every issuer-scoped route of the public API that names a certificate or a client service. */
const ROUTES: Route[] = [
  { method: 'GET', path: (c) => `/api/certificates/${c}` },
  { method: 'GET', path: (c) => `/api/certificates/${c}/history` },
  { method: 'GET', path: (c) => `/api/certificates/${c}/client-services` },
  { method: 'GET', path: (c) => `/api/certificates/${c}/notifications` },
  {
    method: 'PATCH',
    path: (c) => `/api/certificates/${c}/details`,
    valid: { description: 'taken over' },
    invalid: { alias: '', admin: true },
  },
  {
    method: 'PUT',
    path: (c) => `/api/certificates/${c}/status`,
    valid: { status: 'inactive', reason: 'taken over' },
    invalid: { status: 'gone', reason: '' },
  },
  {
    method: 'POST',
    path: (c) => `/api/certificates/${c}/access/renewals`,
    valid: { expiresAt: later(90) },
    invalid: { expiresAt: '2026-13-45' },
  },
  {
    method: 'POST',
    path: (c) => `/api/certificates/${c}/client-services/reactivations`,
    valid: {},
    invalid: { all: 'of them' },
  },
  { method: 'GET', path: (_c, s) => `/api/client-services/${s}` },
  {
    method: 'PUT',
    path: (_c, s) => `/api/client-services/${s}/status`,
    valid: { status: 'INACTIVE' },
    invalid: { status: 'SUSPENDED' },
  },
];

/** What a caller may vary besides the id: the If-Match it claims, the body, the query. */
const VARIANTS: Array<{ name: string; headers?: Record<string, string>; body?: 'valid' | 'invalid'; query?: string }> =
  [
    { name: 'plain', body: 'valid' },
    { name: 'stale If-Match', body: 'valid', headers: { 'If-Match': '"41"' } },
    { name: 'current If-Match', body: 'valid', headers: { 'If-Match': '"0"' } },
    { name: 'malformed If-Match', body: 'valid', headers: { 'If-Match': 'not-an-etag' } },
    { name: 'invalid body', body: 'invalid', headers: { 'If-Match': '"41"' } },
    { name: 'junk query', body: 'valid', query: '?page=-1&sort=evil&x=1' },
  ];

/**
 * Issuer B's operator against issuer A's data and against ids nobody has: every route answers 404
 * whatever the If-Match, body or query, and A's certificate and client service are left as they were.
 */
describe('tenant isolation matrix (four services, real engines)', () => {
  let system: SignstashSystem;
  let a: Awaited<ReturnType<SignstashSystem['newOperator']>>;
  let b: Awaited<ReturnType<SignstashSystem['newOperator']>>;
  let foreign: { certificateId: string; clientServiceId: string };
  let own: { certificateId: string; etag: string };

  const register = async (operator: typeof a, alias: string) => {
    const created = await operator.session.post('/api/certificates', {
      alias,
      pem: await makeCertificatePem(),
      access: { provider: 'CA', credentialId: 'c1', expiresAt: later(40) },
    });
    expect(created.status).toBe(201);
    return { certificateId: created.body.id as string, etag: created.etag! };
  };
  const snapshotOfA = async () => {
    const detail = await a.session.get(`/api/certificates/${foreign.certificateId}`);
    const history = await a.session.get(`/api/certificates/${foreign.certificateId}/history`);
    const service = await a.session.get(`/api/client-services/${foreign.clientServiceId}`);
    return { etag: detail.etag, detail: detail.body, history: history.body, service: service.body };
  };

  beforeAll(async () => {
    system = await SignstashSystem.start({ expiryIntervalSeconds: 60 });
    [a, b] = await Promise.all([system.newOperator(), system.newOperator()]);
    const certificateId = (await register(a, 'Isolated')).certificateId;
    const clientServiceId = (
      await waitFor(
        async () => {
          const response = await a.session.post('/api/client-services', { name: 'Isolated service', certificateId });
          return response.status === 201 ? response : undefined;
        },
        10_000,
        100,
      )
    ).body.id as string;
    foreign = { certificateId, clientServiceId };
    own = await register(b, 'Own');
  });
  afterAll(async () => system?.stop());

  it("answers 404 to issuer B on every route for A's ids, unknown ids and malformed ids, and changes nothing of A's", async () => {
    const before = await snapshotOfA();
    const ids = {
      foreign: [foreign.certificateId, foreign.clientServiceId],
      unknown: [randomUUID(), randomUUID()],
      malformed: ['not-a-uuid', '1'],
    };
    const answers: string[] = [];
    for (const route of ROUTES) {
      for (const [kind, [certificateId, clientServiceId]] of Object.entries(ids)) {
        for (const variant of route.method === 'GET' ? VARIANTS.filter((v) => v.body === 'valid') : VARIANTS) {
          const body = route.method === 'GET' ? undefined : variant.body === 'invalid' ? route.invalid : route.valid;
          const path = route.path(certificateId, clientServiceId) + (variant.query ?? '');
          const response = await b.session.call(route.method, path, body, variant.headers);
          answers.push(`${route.method} ${route.path(':c', ':s')} ${kind} ${variant.name} → ${response.status}`);
        }
      }
    }
    expect(answers.filter((answer) => !answer.endsWith('→ 404'))).toEqual([]);
    expect(answers.length).toBeGreaterThan(150);
    expect(await snapshotOfA()).toEqual(before);
  });

  it('still tells its own issuer a stale If-Match and an invalid body apart (the 404s above are not blanket answers)', async () => {
    const { certificateId, etag } = own;
    const stale = await b.session.put(
      `/api/certificates/${certificateId}/status`,
      { status: 'inactive', reason: 'x' },
      { 'If-Match': '"41"' },
    );
    expect(stale.status).toBe(409);
    const invalid = await b.session.post(
      `/api/certificates/${certificateId}/access/renewals`,
      { expiresAt: 'soon' },
      { 'If-Match': etag },
    );
    expect(invalid.status).toBe(400);
    const emptyIfMatch = await b.session.put(
      `/api/certificates/${certificateId}/status`,
      { status: 'inactive', reason: 'x' },
      { 'If-Match': '' },
    );
    expect([emptyIfMatch.status, emptyIfMatch.body.fields]).toEqual([
      400,
      [{ field: 'If-Match', reason: expect.any(String) }],
    ]);
    const done = await b.session.put(
      `/api/certificates/${certificateId}/status`,
      { status: 'inactive', reason: 'x' },
      { 'If-Match': etag },
    );
    expect(done.status).toBe(200);
  });
});
