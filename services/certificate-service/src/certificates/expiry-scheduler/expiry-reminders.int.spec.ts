import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { CLOCK, Clock } from '@signstash/platform';
import { makeCertificatePem, uniqueName, waitFor } from '@signstash/testing';
import { CertificateServiceTestbed } from '../../testing/certificate-service.fixture';
import { certificateStreamId } from '../certificate.stream';
import { SignatureUsage } from '../signature-usage/signature-usage';
import { signatureReportEnvelope } from '@signstash/contracts';

const testbed = new CertificateServiceTestbed('expiry_reminders_it');
const issuer = uniqueName('issuer');
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** The service's clock, moved by the test; the scheduler's passes (every second) read it. */
class MovedClock implements Clock {
  constructor(private instant: number) {}
  now = () => new Date(this.instant);
  set(instant: number) {
    this.instant = instant;
  }
}

describe('reminders at the default thresholds, with an injected clock (real SQLite, FerretDB, Kafka)', () => {
  let app: INestApplication;
  const clock = new MovedClock(Date.now());
  const api = () => request(app.getHttpServer());
  const operator = { 'X-Operator-Id': 'operator-1' };

  beforeAll(async () => {
    await testbed.createTopics(1);
    app = await testbed.start({ customise: (builder) => builder.overrideProvider(CLOCK).useValue(clock) });
  });

  afterAll(async () => {
    await app?.close();
    await testbed.dispose();
  });

  const warnings = async (id: string) =>
    (await app.get<EventStore>(EVENT_STORE).readStream(certificateStreamId(id)))
      .filter((event) => event.type === 'AccessExpiring')
      .map((event) => (event.data as { period: number; thresholdDays: number }).thresholdDays);

  /** Moves the clock, waits for the warnings expected by then, and for two more passes that must add none. */
  const at = async (instant: number, id: string, expected: number[]) => {
    clock.set(instant);
    await waitFor(async () => ((await warnings(id)).join() === expected.join() ? true : undefined), 15_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(await warnings(id)).toEqual(expected);
  };

  it('warns every day of the last 7 before the time limit, each once, none after a renewal, none for a threshold the new grant starts inside of', async () => {
    const start = clock.now().getTime();
    const expiresAt = start + 10 * DAY;
    const { body } = await api()
      .post(`/issuers/${issuer}/certificates`)
      .set(operator)
      .send({
        alias: 'Daily reminders',
        pem: await makeCertificatePem({ commonName: 'Daily reminders' }),
        access: { provider: 'Local test CA', credentialId: 'cred-1', expiresAt: new Date(expiresAt).toISOString() },
      })
      .expect(201);
    const id = body.id as string;

    await at(expiresAt - 8 * DAY, id, []);
    const daily: number[] = [];
    for (const days of [7, 6, 5, 4, 3, 2, 1]) {
      daily.push(days);
      // An hour into each of the last 7 days, then later the same day: one warning that day.
      await at(expiresAt - days * DAY + HOUR, id, daily);
    }
    expect(daily).toEqual([7, 6, 5, 4, 3, 2, 1]);

    // Renewed with half a day left, for 60 days: the new period starts outside every threshold.
    const renewedAt = expiresAt - 12 * HOUR;
    clock.set(renewedAt);
    await api()
      .post(`/issuers/${issuer}/certificates/${id}/access/renewals`)
      .set(operator)
      .send({ expiresAt: new Date(renewedAt + 60 * DAY).toISOString() })
      .expect(200);
    await at(renewedAt + HOUR, id, daily);

    // Renewed again for 5 days only (a typed expiry of old): the grant starts inside the 7, 6 and 5-day
    // thresholds, which warn nothing; the 4-day one does, once, when it comes.
    const shortAt = renewedAt + 2 * DAY;
    clock.set(shortAt);
    await api()
      .post(`/issuers/${issuer}/certificates/${id}/access/renewals`)
      .set(operator)
      .send({ expiresAt: new Date(shortAt + 5 * DAY).toISOString(), confirmEarlierExpiry: true })
      .expect(200);
    await at(shortAt + HOUR, id, daily);
    await at(shortAt + DAY + HOUR, id, [...daily, 4]);
  });

  it('warns of the signatures used past 90 % on crossing, then daily while above, reports or not', async () => {
    const start = clock.now().getTime();
    const { body } = await api()
      .post(`/issuers/${issuer}/certificates`)
      .set(operator)
      .send({
        alias: 'Daily usage',
        pem: await makeCertificatePem({ commonName: 'Daily usage' }),
        access: {
          provider: 'Local test CA',
          credentialId: 'cred-2',
          expiresAt: new Date(start + 60 * DAY).toISOString(),
        },
      })
      .expect(201);
    const id = body.id as string;
    const store = app.get<EventStore>(EVENT_STORE);
    const grantedAt = ((await store.readStream(certificateStreamId(id)))[0].data as { access: { grantedAt: string } })
      .access.grantedAt;
    const usageWarnings = async () =>
      (await store.readStream(certificateStreamId(id))).filter((event) => event.type === 'AccessUsageWarned').length;
    const instant = new Date(start).toISOString();
    // The consumer's handler itself (the Kafka path is signature-usage.int.spec.ts's).
    await app.get(SignatureUsage).apply(
      signatureReportEnvelope({
        reportId: `report-${id}`,
        sequence: 0,
        certificateId: id,
        issuerId: issuer,
        grantedAt,
        signatures: 950_000_000,
        firstAt: instant,
        lastAt: instant,
      }),
    );
    expect(await usageWarnings()).toBe(1);

    const settle = async (instant: number, expected: number) => {
      clock.set(instant);
      await waitFor(async () => ((await usageWarnings()) === expected ? true : undefined), 15_000, 200);
      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect(await usageWarnings()).toBe(expected);
    };
    await settle(start + 12 * HOUR, 1);
    await settle(start + DAY, 2);
    await settle(start + DAY + 12 * HOUR, 2);
    await settle(start + 2 * DAY, 3);
  });
});
