import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { createKafka } from '@signstash/messaging';
import { makeCertificatePem, testEnv, uniqueName, waitFor } from '@signstash/testing';
import { CertificateServiceTestbed } from '../testing/certificate-service.fixture';

const env = testEnv();
const testbed = new CertificateServiceTestbed('certificate_it');
const Topics = testbed.topics;
const issuer = uniqueName('issuer');
const otherIssuer = uniqueName('issuer');
const DAY = 24 * 60 * 60 * 1000;

describe('certificate service (real SQLite, FerretDB, Kafka)', () => {
  let first: INestApplication;
  let second: INestApplication;
  /** One PEM per registration: the same PEM twice for one issuer is refused. */
  let pems: string[];
  const api = (app = first) => request(app.getHttpServer());
  const as = (issuerId: string) => ({
    base: `/issuers/${issuerId}/certificates`,
    operator: { 'X-Operator-Id': `operator-of-${issuerId}` },
  });

  const register = (alias: string, expiresInMs = 90 * DAY, issuerId = issuer) => {
    const { base, operator } = as(issuerId);
    return api()
      .post(base)
      .set(operator)
      .send({
        alias,
        description: `${alias} description`,
        pem: pems.pop(),
        access: {
          provider: 'Multicert',
          credentialId: `cred-${alias}`,
          expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
        },
      });
  };

  beforeAll(async () => {
    await testbed.createTopics(3);
    pems = await Promise.all(
      Array.from({ length: 12 }, (_, i) => makeCertificatePem({ commonName: `Integration Signing ${i}` })),
    );
    first = await testbed.start();
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await testbed.dispose();
  });

  it('registers a certificate that is then visible in the list and the detail, to its issuer only', async () => {
    const created = await register('Invoices').expect(201);
    expect(created.headers.etag).toBe('"0"');
    const id = created.body.id;
    const { base, operator } = as(issuer);

    const list = await api().get(base).set(operator).query({ alias: 'voic' }).expect(200);
    expect(list.body).toMatchObject({
      total: 1,
      page: 1,
      items: [{ id, alias: 'Invoices', accessState: 'granted', daysLeft: 90, status: 'active' }],
    });

    const detail = await api().get(`${base}/${id}`).set(operator).expect(200);
    expect(detail.headers.etag).toBe('"0"');
    expect(detail.body).toMatchObject({
      id,
      alias: 'Invoices',
      description: 'Invoices description',
      certificate: { subject: expect.stringContaining('CN=Integration Signing') },
      access: { ca: 'manual', caName: 'Multicert', credentialId: 'cred-Invoices', state: 'granted', daysLeft: 90 },
    });

    const other = as(otherIssuer);
    await api().get(`${other.base}/${id}`).set(other.operator).expect(404);
    expect((await api().get(other.base).set(other.operator).expect(200)).body.total).toBe(0);
  });

  it('refuses a taken alias (any case) with 409, and bad input with 400 (422 for a PEM that holds no certificate) naming the field', async () => {
    await register('Payroll').expect(201);
    const taken = await register('PAYROLL').expect(409);
    expect(taken.body.fields).toEqual([{ field: 'alias', reason: expect.stringContaining('already used') }]);
    // A taken alias is told apart from a concurrent change, which is a 409 too.
    expect(taken.body.code).toBe('alias-taken');
    await register('Payroll', 90 * DAY, otherIssuer).expect(201);

    const { base, operator } = as(issuer);
    const bad = await api()
      .post(base)
      .set(operator)
      .send({ alias: '', pem: 'nope', access: { provider: 'x', credentialId: 'y', expiresAt: 'soon' }, extra: 1 })
      .expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'access.expiresAt',
      'alias',
      'extra',
    ]);
    const badPem = await api()
      .post(base)
      .set(operator)
      .send({
        alias: 'Bad pem',
        pem: 'not a certificate',
        access: { provider: 'x', credentialId: 'y', expiresAt: new Date(Date.now() + DAY).toISOString() },
      })
      // Well-formed, but no certificate: a business rule (422), not a malformed request (400).
      .expect(422);
    expect(badPem.body.fields).toEqual([{ field: 'pem', reason: expect.stringContaining('PEM') }]);
  });

  it('gives exactly one 409 to two concurrent edits of the same revision, and keeps the history', async () => {
    const { body } = await register('Contracts').expect(201);
    const { base, operator } = as(issuer);
    const edit = (description: string) =>
      api().patch(`${base}/${body.id}/details`).set(operator).set('If-Match', '"0"').send({ description });
    const results = await Promise.all([edit('first'), edit('second')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.headers.etag).toBe('"1"');

    const history = await api().get(`${base}/${body.id}/history`).set(operator).expect(200);
    expect(history.body.items.map((h: { type: string }) => h.type)).toEqual([
      'CertificateDetailsChanged',
      'CertificateRegistered',
    ]);
    expect(history.body.items[0]).toMatchObject({
      by: `operator-of-${issuer}`,
      changes: [{ field: 'description', from: 'Contracts description' }],
    });
  });

  it('warns and expires an access on time, once, with two scheduler instances running, and publishes both to Kafka', async () => {
    second = await testbed.start();
    const consumed: Array<{ type: string; eventId: string }> = [];
    const kafka = createKafka({ clientId: 'certificate-it', brokers: env.kafkaBrokers });
    const consumer = kafka.consumer({ groupId: uniqueName('certificate-it') });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.certificates, fromBeginning: true });
    const { body } = await register('Short lived', 2500).expect(201);
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(message.value!.toString());
        if (envelope.aggregateId === body.id) consumed.push({ type: envelope.type, eventId: envelope.eventId });
      },
    });
    try {
      const store = first.get<EventStore>(EVENT_STORE);
      const stored = await waitFor(
        async () => {
          const events = await store.readStream(`certificate-${body.id}`);
          return events.some((e) => e.type === 'AccessExpired') ? events : undefined;
        },
        15_000,
        200,
      );
      expect(stored.map((e) => e.type)).toEqual(['CertificateRegistered', 'AccessExpiring', 'AccessExpired']);
      expect(stored[2].recordedAt.getTime()).toBeGreaterThanOrEqual(
        Date.parse((stored[0].data as { access: { expiresAt: string } }).access.expiresAt),
      );

      await waitFor(() => (new Set(consumed.map((e) => e.type)).size === 3 ? true : undefined), 15_000, 100);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect((await store.readStream(`certificate-${body.id}`)).length).toBe(3);
      expect(new Set(consumed.filter((e) => e.type === 'AccessExpired').map((e) => e.eventId)).size).toBe(1);

      const { base, operator } = as(issuer);
      const detail = await api(second).get(`${base}/${body.id}`).set(operator).expect(200);
      expect(detail.body.access).toMatchObject({ state: 'expired', daysLeft: 0 });
    } finally {
      await consumer.disconnect();
    }
  });

  it('exposes the projection, relay and HTTP series at /metrics', async () => {
    const { text } = await api().get('/metrics').expect(200);
    expect(text).toContain('signstash_projection_lag{');
    expect(text).toContain('signstash_relay_lag{');
    expect(text).toContain('http_request_duration_seconds_bucket{');
  });
});
