import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { makeCertificatePem, uniqueName, waitFor } from '@signstash/testing';
import { CertificateServiceTestbed } from '../../testing/certificate-service.fixture';
import { certificateStreamId } from '../certificate.stream';

const testbed = new CertificateServiceTestbed('warning_thresholds_it');
const choosing = uniqueName('issuer');
const defaulting = uniqueName('issuer');
const DAY = 24 * 60 * 60 * 1000;

describe("an issuer's warning thresholds (real SQLite, FerretDB, Kafka)", () => {
  let app: INestApplication;
  const api = () => request(app.getHttpServer());
  const thresholds = (issuerId: string) => `/issuers/${issuerId}/warning-thresholds`;
  const operatorOf = (issuerId: string) => ({ 'X-Operator-Id': `operator-of-${issuerId}` });
  const register = async (issuerId: string, alias: string, expiresInMs: number) =>
    (
      await api()
        .post(`/issuers/${issuerId}/certificates`)
        .set(operatorOf(issuerId))
        .send({
          alias,
          pem: await makeCertificatePem({ commonName: alias }),
          access: {
            provider: 'Multicert',
            credentialId: 'cred',
            expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
          },
        })
        .expect(201)
    ).body.id as string;

  beforeAll(async () => {
    await testbed.createTopics(1);
    app = await testbed.start();
  });

  afterAll(async () => {
    await app?.close();
    await testbed.dispose();
  });

  it("starts from the service's defaults and records each change: who, when, from and to", async () => {
    const initial = await api().get(thresholds(choosing)).set(operatorOf(choosing)).expect(200);
    expect(initial.body).toEqual({
      thresholdsDays: [7, 6, 5, 4, 3, 2, 1],
      isDefault: true,
      defaultsDays: [7, 6, 5, 4, 3, 2, 1],
      changes: [],
    });

    const changed = await api()
      .put(thresholds(choosing))
      .set(operatorOf(choosing))
      .send({ thresholdsDays: [14, 60] })
      .expect(200);
    expect(changed.body).toMatchObject({ thresholdsDays: [60, 14], isDefault: false });
    expect(changed.body.changes).toEqual([
      { at: expect.any(String), by: `operator-of-${choosing}`, from: [7, 6, 5, 4, 3, 2, 1], to: [60, 14] },
    ]);
    expect(Date.now() - Date.parse(changed.body.changes[0].at)).toBeLessThan(60_000);

    // The same choice again is no change, and is not recorded as one.
    const again = await api()
      .put(thresholds(choosing))
      .set(operatorOf(choosing))
      .send({ thresholdsDays: [60, 14] });
    expect(again.body.changes).toHaveLength(1);
    // Another issuer is untouched.
    expect((await api().get(thresholds(defaulting)).set(operatorOf(defaulting))).body.isDefault).toBe(true);
  });

  it.each([
    [[], 'Give at least one number of days.'],
    [[0], 'Each number of days must be between 1 and 365.'],
    [[400], 'Each number of days must be between 1 and 365.'],
    [[7.5], 'Each number of days must be a whole number.'],
    [[7, 7], 'Give each number of days once.'],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'Give at most 10 numbers of days.'],
    ['30', 'thresholdsDays must be an array'],
  ])('refuses %j with 400 naming thresholdsDays', async (value, reason) => {
    const response = await api()
      .put(thresholds(defaulting))
      .set(operatorOf(defaulting))
      .send({ thresholdsDays: value })
      .expect(400);
    expect(response.body.fields).toEqual(expect.arrayContaining([{ field: 'thresholdsDays', reason }]));
    expect((await api().get(thresholds(defaulting)).set(operatorOf(defaulting))).body.changes).toEqual([]);
  });

  it("warns each issuer's certificates at that issuer's thresholds", async () => {
    // 50 days left: past the choosing issuer's 60-day threshold, before the defaults' 7 days.
    const chosen = await register(choosing, 'Warned at 60 days', 50 * DAY);
    const defaulted = await register(defaulting, 'Not warned yet', 50 * DAY);
    const store = app.get<EventStore>(EVENT_STORE);
    const warning = await waitFor(
      async () => (await store.readStream(certificateStreamId(chosen))).find((e) => e.type === 'AccessExpiring'),
      15_000,
      200,
    );
    expect(warning.data).toMatchObject({ thresholdDays: 60, daysLeft: 50 });
    // The scheduler runs every second: three more passes, and the other issuer's certificate is still not warned.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await store.readStream(certificateStreamId(defaulted))).map((e) => e.type)).toEqual([
      'CertificateRegistered',
    ]);
    expect((await store.readStream(certificateStreamId(chosen))).map((e) => e.type)).toEqual([
      'CertificateRegistered',
      'AccessExpiring',
    ]);
  });
});
