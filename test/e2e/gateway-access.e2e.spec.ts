import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { GatewaySession, makeCertificatePem, waitFor } from '@signstash/testing';
import { SignstashSystem } from '../system/signstash-system';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The role and tenant matrix of the public API: operators of issuers A and B, a logged-in
 * non-operator, anonymous, and a request without its CSRF token.
 */
describe('gateway access rules (four services, real engines)', () => {
  let system: SignstashSystem;
  let a: Awaited<ReturnType<SignstashSystem['newOperator']>>;
  let b: Awaited<ReturnType<SignstashSystem['newOperator']>>;
  let viewer: GatewaySession;
  let anonymous: GatewaySession;
  let certificateId: string;
  let clientServiceId: string;
  let etag: string;

  beforeAll(async () => {
    system = await SignstashSystem.start({ expiryIntervalSeconds: 60 });
    a = await system.newOperator();
    b = await system.newOperator();
    const viewerAccount = await system.createOperator(a.issuerId, 'viewer');
    viewer = await system.login(viewerAccount.email, viewerAccount.password);
    anonymous = GatewaySession.anonymous(system.gatewayUrl);
    const pem = await makeCertificatePem();
    const created = await a.session.post('/api/certificates', {
      alias: 'Matrix',
      pem,
      access: { provider: 'CA', credentialId: 'c1', expiresAt: new Date(Date.now() + 40 * DAY).toISOString() },
    });
    certificateId = created.body.id;
    etag = created.etag!;
    clientServiceId = (
      await waitFor(
        async () => {
          const response = await a.session.post('/api/client-services', { name: 'Matrix service', certificateId });
          return response.status === 201 ? response : undefined;
        },
        10_000,
        100,
      )
    ).body.id;
  });
  afterAll(async () => system?.stop());

  const reads = () => [
    `/api/certificates/${certificateId}`,
    `/api/certificates/${certificateId}/history`,
    `/api/certificates/${certificateId}/client-services`,
    `/api/certificates/${certificateId}/notifications`,
    `/api/client-services/${clientServiceId}`,
  ];
  const writes = () =>
    [
      ['PATCH', `/api/certificates/${certificateId}/details`, { description: 'x' }],
      ['PUT', `/api/certificates/${certificateId}/status`, { status: 'inactive', reason: 'test' }],
      [
        'POST',
        `/api/certificates/${certificateId}/access/renewals`,
        { expiresAt: new Date(Date.now() + 50 * DAY).toISOString() },
      ],
      ['POST', `/api/certificates/${certificateId}/client-services/reactivations`, {}],
      ['PUT', `/api/client-services/${clientServiceId}/status`, { status: 'INACTIVE' }],
    ] as const;

  it("lets issuer A's operator read its certificate and client service", async () => {
    for (const path of reads()) expect([path, (await a.session.get(path)).status]).toEqual([path, 200]);
    const list = await a.session.get('/api/certificates');
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([certificateId]);
  });

  it("answers 404 to issuer B for everything of issuer A's, and lists nothing of A's", async () => {
    for (const path of reads()) expect([path, (await b.session.get(path)).status]).toEqual([path, 404]);
    for (const [method, path, body] of writes())
      expect([path, (await b.session.call(method, path, body)).status]).toEqual([path, 404]);
    expect((await b.session.get('/api/certificates')).body).toMatchObject({ total: 0, items: [] });
    expect((await b.session.get('/api/client-services')).body).toMatchObject({ total: 0, items: [] });
    // Naming another issuer's certificate is a 404 too, naming the field.
    const registerOnForeign = await b.session.post('/api/client-services', { name: 'Sneaky', certificateId });
    expect(registerOnForeign.status).toBe(404);
    expect(registerOnForeign.body.fields).toEqual([
      { field: 'certificateId', reason: 'Your issuer has no such certificate.' },
    ]);
  });

  it('answers 403 to a logged-in non-operator and 401 to anonymous callers', async () => {
    for (const path of ['/api/certificates', ...reads()]) {
      expect([path, (await viewer.get(path)).status]).toEqual([path, 403]);
      expect([path, (await anonymous.get(path)).status]).toEqual([path, 401]);
    }
    // The issuer's thresholds are an issuer operator's to change too; a viewer changes only their own e-mails.
    const thresholds = ['PUT', '/api/settings/warning-thresholds', { thresholdsDays: [10] }] as const;
    for (const [method, path, body] of [...writes(), thresholds]) {
      expect([path, (await viewer.call(method, path, body)).status]).toEqual([path, 403]);
      expect([path, (await anonymous.call(method, path, body)).status]).toEqual([path, 401]);
    }
    expect((await viewer.get('/api/settings')).status).toBe(200);
    expect((await anonymous.get('/api/settings')).status).toBe(401);
  });

  it('refuses state changes without the CSRF token, and changes nothing', async () => {
    const forged = a.session.withoutCsrf();
    for (const [method, path, body] of writes()) {
      const response = await forged.call(method, path, body);
      expect([path, response.status, response.body.message]).toEqual([path, 403, expect.stringContaining('CSRF')]);
    }
    expect((await forged.post('/api/certificates', {})).status).toBe(403);
    expect((await a.session.get(`/api/certificates/${certificateId}`)).etag).toBe(etag);
  });

  it('validates input at the API: unknown fields refused, the field named', async () => {
    const response = await a.session.patch(
      `/api/certificates/${certificateId}/details`,
      { alias: 'Ok', admin: true },
      { 'If-Match': etag },
    );
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([{ field: 'admin', reason: 'property admin should not exist' }]);
    const stale = await a.session.patch(
      `/api/certificates/${certificateId}/details`,
      { alias: 'Ok' },
      { 'If-Match': '"7"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'concurrent-change',
      message: expect.stringMatching(/Someone else changed/),
    });
  });

  it("carries the caller's correlation id into the event metadata", async () => {
    const pem = await makeCertificatePem();
    const created = await a.session.post(
      '/api/certificates',
      {
        alias: 'Correlated',
        pem,
        access: { provider: 'CA', credentialId: 'c2', expiresAt: new Date(Date.now() + 40 * DAY).toISOString() },
      },
      { 'X-Correlation-Id': 'corr-e2e-0001' },
    );
    expect(created.status).toBe(201);
    const [registered] = await system.apps.certificates
      .get<EventStore>(EVENT_STORE)
      .readStream(`certificate-${created.body.id}`);
    expect(registered.metadata).toMatchObject({ correlationId: 'corr-e2e-0001', actor: a.id });
  });
});
