import { BACKGROUND_WORKERS, BackgroundWorker } from '@signstash/platform';
import { KafkaEventConsumer } from '@signstash/messaging';
import { makeCertificatePem } from '@signstash/testing';
import { SignstashSystem } from '../system/signstash-system';

const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

/**
 * Issue 23 items 2 and 3 at the public API: a refusal that heals with time (a service's 429 or 503)
 * reaches the caller with its status and its Retry-After, and a client service named after a
 * certificate its service has not heard of within the bounded wait is such a refusal, not a 400.
 */
describe('gateway: Retry-After on the services’ 429 and 503 (four services)', () => {
  let system: SignstashSystem;

  beforeAll(async () => {
    system = await SignstashSystem.start();
  });
  afterAll(async () => system?.stop());

  it('passes the test e-mail’s 429 on with Retry-After, and answers the e-mail asked for with 201', async () => {
    const { session } = await system.newOperator();
    const first = await session.post('/api/settings/test-mail');
    expect(first.status).toBe(201);
    const again = await session.post('/api/settings/test-mail');
    expect(again.status).toBe(429);
    expect(again.body.message).toMatch(/Try again in \d+ s/);
    expect(Number(again.retryAfter)).toBeGreaterThan(0);
    expect(Number(again.retryAfter)).toBeLessThanOrEqual(30);
  });

  it('answers 503 with Retry-After while the client services have not heard of the certificate, then 201', async () => {
    const { session } = await system.newOperator();
    const consumer = system.apps.clientServices
      .get<BackgroundWorker[]>(BACKGROUND_WORKERS)
      .find((worker): worker is KafkaEventConsumer => worker instanceof KafkaEventConsumer)!;
    // The certificate events stop reaching the client-service service: as long a Kafka lag as one likes.
    await consumer.stop();
    let stopped = true;
    try {
      const certificate = await session.post('/api/certificates', {
        alias: 'Not heard of yet',
        pem: await makeCertificatePem(),
        access: { provider: 'Multicert', credentialId: 'c-1', expiresAt: inDays(90) },
      });
      expect(certificate.status).toBe(201);
      const started = Date.now();
      const refused = await session.post('/api/client-services', {
        name: 'Too early',
        certificateId: certificate.body.id,
      });
      expect(refused).toMatchObject({ status: 503, retryAfter: '1', body: { code: 'certificate-not-yet-known' } });
      // Bounded: the service waited for its view, then said so (the gateway's own limit is 10 s).
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await session.get('/api/client-services?pageSize=50')).body.total).toBe(0);

      await consumer.start();
      stopped = false;
      const accepted = await session.post('/api/client-services', {
        name: 'In time',
        certificateId: certificate.body.id,
      });
      expect(accepted.status).toBe(201);
    } finally {
      if (stopped) await consumer.start();
    }
  });

  it('answers 404 naming certificateId for a certificate the issuer does not have', async () => {
    const { session } = await system.newOperator();
    const other = await system.newOperator();
    const theirs = await other.session.post('/api/certificates', {
      alias: 'Theirs',
      pem: await makeCertificatePem(),
      access: { provider: 'Multicert', credentialId: 'c-2', expiresAt: inDays(90) },
    });
    for (const certificateId of [theirs.body.id, '6f1d0c1e-8d7b-4c52-9a51-3a4f7d2b9e10']) {
      const refused = await session.post('/api/client-services', { name: 'Nowhere', certificateId });
      expect(refused).toMatchObject({ status: 404, body: { fields: [{ field: 'certificateId' }] } });
    }
  });
});
