import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { signatureReportEnvelope } from '@signstash/contracts';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { createKafka, KafkaPublisher } from '@signstash/messaging';
import { MONGO_DB } from '@signstash/platform';
import type { Db } from 'mongodb';
import { makeCertificatePem, testEnv, uniqueName, waitFor } from '@signstash/testing';
import { CertificateServiceTestbed } from '../../testing/certificate-service.fixture';
import { CertificateCommands } from '../certificate-commands.service';
import { certificateStreamId } from '../certificate.stream';
import { carryOverCountedBefore } from './counted-before.migration';
import { SIGNATURE_USAGE, SignatureUsageDocument } from './signature-usage.documents';
import { SignatureUsage } from './signature-usage';
import { SignatureUsageStore } from './signature-usage.store';

const testbed = new CertificateServiceTestbed('signature_usage_it');
const issuer = uniqueName('issuer');
const DAY = 24 * 60 * 60 * 1000;
const MILLION = 1_000_000;

describe('signature usage from the signing side (real SQLite, FerretDB, Kafka)', () => {
  let app: INestApplication;
  let publisher: KafkaPublisher;
  const api = () => request(app.getHttpServer());
  const operator = { 'X-Operator-Id': 'operator-1' };

  beforeAll(async () => {
    await testbed.createTopics(1);
    app = await testbed.start();
    publisher = new KafkaPublisher(createKafka({ clientId: 'signing-side', brokers: testEnv().kafkaBrokers }));
  });

  afterAll(async () => {
    await publisher?.close();
    await app?.close();
    await testbed.dispose();
  });

  let sequence = 0;
  const report = (certificateId: string, grantedAt: string, signatures: number, reportId = randomUUID()) => {
    const now = new Date().toISOString();
    return signatureReportEnvelope({
      reportId,
      sequence: sequence++,
      certificateId,
      issuerId: issuer,
      grantedAt,
      signatures,
      firstAt: now,
      lastAt: now,
    });
  };
  const publish = (...reports: ReturnType<typeof report>[]) => publisher.publish(testbed.topics.signatures, reports);
  const countOf = (certificateId: string, grantedAt: string, expected: number) =>
    waitFor(
      async () => {
        const usage = await app.get(SignatureUsageStore).of(certificateId, grantedAt);
        return usage?.signatures === expected ? usage : undefined;
      },
      20_000,
      100,
    );
  const register = async (alias: string) => {
    const { body } = await api()
      .post(`/issuers/${issuer}/certificates`)
      .set(operator)
      .send({
        alias,
        pem: await makeCertificatePem({ commonName: alias }),
        access: {
          provider: 'Local test CA',
          credentialId: 'cred-1',
          expiresAt: new Date(Date.now() + 60 * DAY).toISOString(),
        },
      })
      .expect(201);
    const id = body.id as string;
    const { access } = (await events(id))[0].data as { access: { grantedAt: string } };
    return { id, grantedAt: access.grantedAt };
  };
  const events = async (id: string) => app.get<EventStore>(EVENT_STORE).readStream(certificateStreamId(id));
  const types = async (id: string) => (await events(id)).map((event) => event.type);

  it('counts a report handed to the store again (the inbox missed it: a crash before its entry) once', async () => {
    const store = app.get(SignatureUsageStore);
    const grantedAt = new Date().toISOString();
    const counted = { reportId: randomUUID(), certificateId: 'not-registered', issuerId: issuer, grantedAt };
    const at = { firstAt: grantedAt, lastAt: grantedAt };
    await store.count({ ...counted, ...at, signatures: 7 });
    const again = await Promise.all([1, 2, 3].map(() => store.count({ ...counted, ...at, signatures: 7 })));
    expect(again.map((usage) => usage.signatures)).toEqual([7, 7, 7]);
    expect((await store.count({ ...counted, ...at, reportId: randomUUID(), signatures: 3 })).signatures).toBe(10);
  });

  it('sums a period again after a rebalance, with what another member counted meanwhile', async () => {
    const store = app.get(SignatureUsageStore);
    const grantedAt = new Date().toISOString();
    const counted = (signatures: number) => ({
      reportId: randomUUID(),
      certificateId: 'moved-partition',
      issuerId: issuer,
      grantedAt,
      signatures,
      firstAt: grantedAt,
      lastAt: grantedAt,
    });
    expect((await store.count(counted(5))).signatures).toBe(5);
    // The partition moved to another member (a store of its own), which counted a report, then came back.
    expect((await new SignatureUsageStore(app.get<Db>(MONGO_DB)).count(counted(3))).signatures).toBe(8);
    store.forget();
    expect((await store.count(counted(1))).signatures).toBe(9);
  });

  it('carries a count kept before counting became insert-only over once, its counted reports still counted once', async () => {
    const db = app.get<Db>(MONGO_DB);
    const certificateId = `before-${randomUUID()}`;
    const grantedAt = new Date().toISOString();
    const lastAt = new Date(grantedAt);
    // As a period was kept before: its count and the reports counted in it.
    type CountedBefore = SignatureUsageDocument & { reportIds: string[]; firstAt: Date; lastAt: Date };
    await db.collection<CountedBefore>(SIGNATURE_USAGE).insertOne({
      _id: `${certificateId}|${grantedAt}`,
      certificateId,
      issuerId: issuer,
      grantedAt,
      signatures: 700,
      reportIds: ['counted-before-1'],
      firstAt: lastAt,
      lastAt,
    });
    expect(await carryOverCountedBefore(db)).toBe(1);
    expect(await carryOverCountedBefore(db)).toBe(0);

    const store = new SignatureUsageStore(db);
    const counted = (reportId: string, signatures: number) => ({
      reportId,
      certificateId,
      issuerId: issuer,
      grantedAt,
      signatures,
      firstAt: grantedAt,
      lastAt: grantedAt,
    });
    expect((await store.count(counted('counted-before-1', 5))).signatures).toBe(700);
    expect((await store.count(counted(randomUUID(), 10))).signatures).toBe(710);
    expect((await app.get(SignatureUsageStore).of(certificateId, grantedAt))?.signatures).toBe(710);
  });

  it('counts batches side by side beyond the 50 PostgreSQL connections FerretDB pools (unpatched it wedged there)', async () => {
    const store = app.get(SignatureUsageStore);
    const grantedAt = new Date().toISOString();
    const at = { firstAt: grantedAt, lastAt: grantedAt };
    const certificates = Array.from({ length: 64 }, (_, i) => `pool-${i}-${randomUUID()}`);
    const reportOf = (certificateId: string, signatures: number) => ({
      reportId: randomUUID(),
      certificateId,
      issuerId: issuer,
      grantedAt,
      signatures,
      ...at,
    });
    // 64 periods created by concurrent single counts, then 64 matched updates at once: 16 batches of 4 periods
    // (the store's periods in flight), one batch redelivering a report counted in the first round.
    const first = certificates.map((id) => reportOf(id, 1));
    await Promise.all(first.map((counted) => store.count(counted)));
    const batches = Array.from({ length: 16 }, (_, b) =>
      certificates.slice(b * 4, b * 4 + 4).flatMap((id) => [reportOf(id, 2), reportOf(id, 3)]),
    );
    batches[0].push(first[0]);
    const counted = (await Promise.all(batches.map((batch) => store.countAll(batch)))).flat();
    expect(counted).toHaveLength(64);
    expect(counted.every((usage) => usage.signatures === 6)).toBe(true);
  }, 60_000);

  it('counts each report once per grant, warns past 90 % once, expires at the limit with the reason, and starts again at 0 after a renewal', async () => {
    const { id, grantedAt: grant1 } = await register('Counted');

    // Twice the same report (a redelivery) and another: 900 million, not past 90 %.
    const first = report(id, grant1, 500 * MILLION);
    await publish(first, report(id, grant1, 400 * MILLION), first);
    await countOf(id, grant1, 900 * MILLION);
    // One more signature crosses 90 %: one warning, not one per report after it the same day.
    await publish(report(id, grant1, 1));
    await countOf(id, grant1, 900 * MILLION + 1);
    await publish(report(id, grant1, 10));
    await countOf(id, grant1, 900 * MILLION + 11);
    await waitFor(async () => ((await types(id)).includes('AccessUsageWarned') ? true : undefined), 10_000, 100);
    expect((await types(id)).filter((type) => type === 'AccessUsageWarned')).toHaveLength(1);
    const warning = (await events(id)).find((event) => event.type === 'AccessUsageWarned')!;
    expect(warning.data).toMatchObject({ period: 1, signatures: 900 * MILLION + 1, signatureLimit: 1000 * MILLION });

    // Renewed: the count of the new grant starts at 0; a late report of the old grant counts for the old period only.
    const renewed = await api()
      .post(`/issuers/${issuer}/certificates/${id}/access/renewals`)
      .set(operator)
      .send({ expiresAt: new Date(Date.now() + 60 * DAY).toISOString() })
      .expect(200);
    expect(renewed.status).toBe(200);
    const grant2 = ((await events(id)).at(-1)!.data as { access: { grantedAt: string } }).access.grantedAt;
    expect(grant2).not.toBe(grant1);
    await publish(report(id, grant1, 200 * MILLION));
    await countOf(id, grant1, 1100 * MILLION + 11);
    expect(await app.get(SignatureUsageStore).of(id, grant2)).toBeUndefined();
    expect(await types(id)).not.toContain('AccessExpired');

    // The new grant's reports, the last one delivered before the one sent first (another key order):
    // counts add up whatever the order; the limit reached ends the access, once, saying why.
    const early = report(id, grant2, 600 * MILLION);
    const late = report(id, grant2, 400 * MILLION);
    await publish(late);
    await publish(early, late);
    await countOf(id, grant2, 1000 * MILLION);
    const expired = await waitFor(
      async () => (await events(id)).find((event) => event.type === 'AccessExpired'),
      10_000,
      100,
    );
    expect(expired.data).toMatchObject({
      period: 2,
      reason: 'signatures',
      signatures: 1000 * MILLION,
      signatureLimit: 1000 * MILLION,
    });
    await publish(report(id, grant2, 5));
    await countOf(id, grant2, 1000 * MILLION + 5);
    expect((await types(id)).filter((type) => type === 'AccessExpired')).toHaveLength(1);
  });

  it('checks a certificate never seen only when its count may cross: its limit is read while the batch is stored', async () => {
    const { id, grantedAt } = await register('Learnt');
    const checks = jest.spyOn(app.get(CertificateCommands), 'runExpiryCheck');
    try {
      // Far below 90 % of the limit: the certificate is read (its limit learnt), nothing is decided.
      await publish(report(id, grantedAt, 10 * MILLION), report(id, grantedAt, 5));
      await countOf(id, grantedAt, 10 * MILLION + 5);
      expect(checks.mock.calls.filter(([certificateId]) => certificateId === id)).toHaveLength(0);
      // Past 90 %: checked, warned.
      await publish(report(id, grantedAt, 900 * MILLION));
      await waitFor(async () => ((await types(id)).includes('AccessUsageWarned') ? true : undefined), 10_000, 100);
      expect(checks.mock.calls.filter(([certificateId]) => certificateId === id)).toHaveLength(1);
    } finally {
      checks.mockRestore();
    }
  });

  it("keeps the daily warnings of a period whose warning state was lost (a crash after the warning's append)", async () => {
    const { id, grantedAt } = await register('Warned, then crashed');
    await publish(report(id, grantedAt, 950 * MILLION));
    const warning = await waitFor(
      async () => (await events(id)).find((event) => event.type === 'AccessUsageWarned'),
      10_000,
      100,
    );
    const states = app.get<Db>(MONGO_DB).collection<SignatureUsageDocument>(SIGNATURE_USAGE);
    const period = { certificateId: id };
    await waitFor(async () => (await states.findOne(period))?.usageWarnedAt, 10_000, 100);
    // The state write lost, and the process restarted (its totals gone): the next report's check records it again.
    await states.updateOne(period, { $unset: { usageWarnedAt: '' } });
    app.get(SignatureUsage).forgetTotals();
    await publish(report(id, grantedAt, 1));
    const restored = await waitFor(async () => (await states.findOne(period))?.usageWarnedAt, 10_000, 100);
    expect(restored.toISOString()).toBe((warning.data as { at: string }).at);
    expect((await types(id)).filter((type) => type === 'AccessUsageWarned')).toHaveLength(1);
  });

  it('records the crossing once when a process stored the crossing report and crashed before deciding it', async () => {
    const { id, grantedAt } = await register('Crashed');
    const crossing = report(id, grantedAt, 1000 * MILLION);
    // The process that counted it (a store of its own, its totals lost with it) died before the certificate decided.
    await new SignatureUsageStore(app.get<Db>(MONGO_DB)).count({ reportId: crossing.eventId, ...crossing.data });
    expect(await types(id)).not.toContain('AccessExpired');

    // Its offset was not committed: the report comes again to the restarted owner, which sums what is stored.
    await publish(crossing);
    const expired = await waitFor(
      async () => (await events(id)).find((event) => event.type === 'AccessExpired'),
      10_000,
      100,
    );
    expect(expired.data).toMatchObject({ period: 1, reason: 'signatures', signatures: 1000 * MILLION });
    await publish(crossing, report(id, grantedAt, 1));
    await countOf(id, grantedAt, 1000 * MILLION + 1);
    expect((await types(id)).filter((type) => type === 'AccessExpired')).toHaveLength(1);
    expect((await types(id)).filter((type) => type === 'AccessUsageWarned')).toHaveLength(0);
  });
});
