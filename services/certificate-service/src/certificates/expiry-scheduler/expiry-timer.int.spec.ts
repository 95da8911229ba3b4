import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, EventStore, RecordedEvent } from '@signstash/event-store';
import { makeCertificatePem, uniqueName, waitFor } from '@signstash/testing';
import { CertificateServiceTestbed } from '../../testing/certificate-service.fixture';
import { certificateStreamId } from '../certificate.stream';
import { ExpiryScheduler } from './expiry-scheduler.service';

const testbed = new CertificateServiceTestbed('expiry_timer_it');
const issuer = uniqueName('issuer');

describe('expiry at the crossing, with the default 60 s pass (real SQLite, FerretDB, Kafka)', () => {
  let app: INestApplication;
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    await testbed.createTopics(1);
    app = await testbed.start({ env: { EXPIRY_CHECK_INTERVAL_SECONDS: '60' } });
    await waitFor(() => (app.get(ExpiryScheduler).active ? true : undefined), 10_000, 100);
  });

  afterAll(async () => {
    await app?.close();
    await testbed.dispose();
  });

  const register = async (alias: string, expiresAt: Date) =>
    (
      await api()
        .post(`/issuers/${issuer}/certificates`)
        .set('X-Operator-Id', 'operator-1')
        .send({
          alias,
          pem: await makeCertificatePem({ commonName: alias }),
          access: { provider: 'Local test CA', credentialId: `cred-${alias}`, expiresAt: expiresAt.toISOString() },
        })
        .expect(201)
    ).body.id as string;

  const expiredEvent = (id: string) =>
    waitFor(
      async () =>
        (await app.get<EventStore>(EVENT_STORE).readStream(certificateStreamId(id))).find(
          (event): event is RecordedEvent => event.type === 'AccessExpired',
        ),
      20_000,
      50,
    );

  it('expires each access within 2 s of its instant, the timer re-armed by each grant, long before the next pass', async () => {
    // The pass at start has run (nothing due); these grants come after it, the later one first.
    const later = new Date(Date.now() + 7000);
    const sooner = new Date(Date.now() + 4000);
    const laterId = await register('Expires later', later);
    const soonerId = await register('Expires sooner', sooner);
    // Registered inside the 1-day threshold: warned at once, then the timer waits for the instant.
    await waitFor(() => (app.get(ExpiryScheduler).nextWakeAt === sooner.getTime() ? true : undefined), 3000, 20);

    const [soonerExpired, laterExpired] = await Promise.all([expiredEvent(soonerId), expiredEvent(laterId)]);
    for (const [event, instant] of [
      [soonerExpired, sooner],
      [laterExpired, later],
    ] as const) {
      const lag = event.recordedAt.getTime() - instant.getTime();
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(2000);
    }
  });
});
