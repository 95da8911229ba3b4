import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { IntegrationEnvelope, MailChoices, OperatorRole, topicNames } from '@signstash/contracts';
import { createKafka, KafkaPublisher } from '@signstash/messaging';
import { applyHttpConventions, loadConfig } from '@signstash/platform';
import { MailpitClient, TcpProxy, testEnv, uniqueName, waitFor } from '@signstash/testing';
import { AppModule } from '../app.module';
import { NotificationServiceConfig } from '../notification-service.config';

const env = testEnv();
const database = uniqueName('notification_it');
const Topics = topicNames(`${database}.`);
const issuerId = uniqueName('issuer');
const otherIssuerId = uniqueName('other_issuer');
const mailpit = new MailpitClient(env.mailpitApiUrl);
const kafka = createKafka({ clientId: 'notification-it', brokers: env.kafkaBrokers });
const publisher = new KafkaPublisher(kafka);
const revisions = new Map<string, number>();

const envelope = (
  topicIssuer: string,
  aggregateId: string,
  type: string,
  data: Record<string, unknown>,
  occurredAt = new Date(),
): IntegrationEnvelope => {
  const streamRevision = revisions.get(aggregateId) ?? 0;
  revisions.set(aggregateId, streamRevision + 1);
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    occurredAt: occurredAt.toISOString(),
    issuerId: topicIssuer,
    aggregateId,
    streamRevision,
    data,
  };
};
const operator = (issuer: string, name: string, role: OperatorRole = 'issuer-operator', mail?: MailChoices) => {
  const operatorId = randomUUID();
  const email = `${name.toLowerCase()}.${operatorId.slice(0, 8)}@${issuer.replace(/_/g, '-')}.example`;
  return envelope(issuer, operatorId, 'OperatorCreated', {
    operatorId,
    issuerId: issuer,
    name,
    email,
    role,
    ...(mail ? { mail } : {}),
  });
};
const certificate = (alias: string) => {
  const certificateId = randomUUID();
  return envelope(issuerId, certificateId, 'CertificateRegistered', {
    certificateId,
    issuerId,
    alias,
    by: 'op',
    at: new Date().toISOString(),
  });
};
const clientService = (certificateId: string, name: string, status: 'ACTIVE' | 'SUSPENDED' = 'ACTIVE') => {
  const clientServiceId = randomUUID();
  return envelope(issuerId, clientServiceId, 'ClientServiceRegistered', {
    clientServiceId,
    issuerId,
    certificateId,
    name,
    status,
    by: 'op',
    at: new Date().toISOString(),
  });
};
const HOUR_MS = 3_600_000;
/** The warning issued `timeLeftMs` before the expiry instant, or the expiry itself (then `timeLeftMs` is 0). */
const expiry = (certificateId: string, type: 'AccessExpiring' | 'AccessExpired', timeLeftMs = 0) => {
  const occurredAt = new Date();
  return envelope(
    issuerId,
    certificateId,
    type,
    {
      certificateId,
      issuerId,
      by: 'system',
      at: occurredAt.toISOString(),
      period: 1,
      provider: 'Multicert',
      expiresAt: new Date(occurredAt.getTime() + timeLeftMs).toISOString(),
      // Rounded up to days, as the certificate service counts them: the mail must not say this.
      ...(type === 'AccessExpiring' ? { thresholdDays: 1, daysLeft: Math.ceil(timeLeftMs / (24 * HOUR_MS)) } : {}),
    },
    occurredAt,
  );
};

describe('notification service (real Kafka, FerretDB and Mailpit)', () => {
  let app: INestApplication;
  let smtp: TcpProxy;
  // Each operator's choices, and which mails they are to get (see mailChoicesOf).
  const ana = operator(issuerId, 'Ana', 'issuer-operator', { warnings: false, expiries: true });
  const bob = operator(issuerId, 'Bob');
  const vic = operator(issuerId, 'Vic', 'viewer');
  const wes = operator(issuerId, 'Wes', 'viewer', { warnings: true, expiries: false });
  const stranger = operator(otherIssuerId, 'Eve');
  const emailOf = (o: IntegrationEnvelope) => o.data.email as string;
  const warned = [bob, wes].map(emailOf);
  const notWarned = [ana, vic, stranger].map(emailOf);
  const toldOfExpiry = [ana, bob].map(emailOf);
  const notToldOfExpiry = [vic, wes, stranger].map(emailOf);

  beforeAll(async () => {
    smtp = new TcpProxy(await TcpProxy.freePort(), env.smtpHost, env.smtpPort);
    await smtp.up();
    const config = loadConfig('notification-service', NotificationServiceConfig, {
      MONGO_URL: env.mongoUrl,
      MONGO_DB: database,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      CONSUMER_GROUP: database,
      KAFKA_TOPIC_PREFIX: `${database}.`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      BACKOFFICE_PUBLIC_URL: 'http://backoffice.test:3000',
      MAIL_INITIAL_BACKOFF_MS: '200',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    app = applyHttpConventions(moduleRef.createNestApplication());
    await app.init();
    await publisher.publish(Topics.operators, [ana, bob, vic, wes, stranger]);
  });

  afterAll(async () => {
    await app?.close();
    await publisher.close();
    await smtp?.down();
    const client = await MongoClient.connect(env.mongoUrl);
    await client.db(database).dropDatabase();
    await client.close();
  });

  const mailsTo = async (email: string, subjectWord: string) =>
    (await mailpit.search(`to:"${email}" subject:"${subjectWord}"`)).length;

  it('warns the operators who chose warnings, once, with the instant, the precise time left and the services to suspend', async () => {
    const registered = certificate('Invoices');
    await publisher.publish(Topics.certificates, [registered]);
    await publisher.publish(Topics.clientServices, [
      clientService(registered.aggregateId, 'Billing API'),
      clientService(registered.aggregateId, 'Archive job', 'SUSPENDED'),
    ]);
    // 5 h 30 min left at the warning's instant: "5 hours" whenever the mail is composed; the event says 1 day.
    const warning = expiry(registered.aggregateId, 'AccessExpiring', 5.5 * HOUR_MS);
    await publisher.publish(Topics.certificates, [warning, warning]);
    const instant = new Date(warning.data.expiresAt as string).toLocaleString('en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'UTC',
    });

    for (const email of warned) {
      const [mail] = await mailpit.waitForMessages(`to:"${email}" subject:"expires in 5 hours"`, 1, 20_000);
      expect(mail.Subject).toBe('CA access of certificate "Invoices" expires in 5 hours');
      expect(mail.Text).toContain(`expires on ${instant} UTC, in 5 hours.`);
      expect(mail.Text.replace(/\r\n/g, '\n')).toContain(
        'These client services will be suspended:\n  - Billing API\n\n',
      );
      expect(mail.Text).not.toContain('Archive job');
      // Bob renews (an issuer operator: the link to the certificate); Wes, a viewer who opted in, is told who does.
      if (email === emailOf(bob))
        expect(mail.Text).toContain(`http://backoffice.test:3000/certificates/${registered.aggregateId}`);
      else expect(mail.Text).toContain("Your issuer's operators are told too: renewing the access is theirs to do.");
      expect(mail.Text).toContain('on the Settings page: http://backoffice.test:3000/settings');
      expect(mail.HTML).toContain('<strong>Invoices</strong>');
      expect(mail.HTML).toContain('<li>Billing API</li>');
    }
    await publisher.publish(Topics.certificates, [warning]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const email of warned) expect(await mailsTo(email, 'Invoices')).toBe(1);
    for (const email of notWarned) expect(await mailsTo(email, 'Invoices')).toBe(0);

    const listed = await request(app.getHttpServer())
      .get(`/issuers/${issuerId}/notifications`)
      .query({ certificateId: registered.aggregateId })
      .expect(200);
    expect(listed.body.items.map((n: { recipient: string; status: string }) => [n.recipient, n.status]).sort()).toEqual(
      warned.map((r) => [r, 'sent']).sort(),
    );
    await request(app.getHttpServer())
      .get(`/issuers/${otherIssuerId}/notifications`)
      .query({ certificateId: registered.aggregateId })
      .expect(200, { items: [] });
  });

  it('keeps the expiry mails while SMTP is down and sends each exactly once, to those who get expiry notices', async () => {
    const registered = certificate('Payroll');
    await publisher.publish(Topics.certificates, [registered]);
    await publisher.publish(Topics.clientServices, [clientService(registered.aggregateId, 'Payroll API')]);
    await smtp.down();
    await publisher.publish(Topics.certificates, [expiry(registered.aggregateId, 'AccessExpired')]);

    const pending = await waitFor(
      async () => {
        const { body } = await request(app.getHttpServer())
          .get(`/issuers/${issuerId}/notifications`)
          .query({ certificateId: registered.aggregateId });
        return body.items.length === 2 &&
          body.items.every((n: { attempts: number; lastError?: string }) => n.attempts >= 2 && n.lastError)
          ? body.items
          : undefined;
      },
      20_000,
      200,
    );
    expect(pending.map((n: { status: string }) => n.status)).toEqual(['pending', 'pending']);
    for (const email of toldOfExpiry) expect(await mailsTo(email, 'Payroll')).toBe(0);

    await smtp.up();
    for (const email of toldOfExpiry) {
      const [mail] = await mailpit.waitForMessages(`to:"${email}" subject:"Payroll"`, 1, 20_000);
      expect(mail.Subject).toBe('CA access of certificate "Payroll" expired: client services suspended');
      expect(mail.Text).toContain('  - Payroll API');
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const email of toldOfExpiry) expect(await mailsTo(email, 'Payroll')).toBe(1);
    for (const email of notToldOfExpiry) expect(await mailsTo(email, 'Payroll')).toBe(0);
  });

  const testMailTo = (name: string) => ({
    operatorId: randomUUID(),
    email: `${name.toLowerCase()}.${randomUUID().slice(0, 8)}@${issuerId.replace(/_/g, '-')}.example`,
    name,
  });

  it('sends a test e-mail at once to the address given, and answers for it by id to its issuer only', async () => {
    const tess = testMailTo('Tess');
    const created = await request(app.getHttpServer()).post(`/issuers/${issuerId}/test-mails`).send(tess).expect(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'pending' });

    const sent = await waitFor(
      async () => {
        const { body } = await request(app.getHttpServer())
          .get(`/issuers/${issuerId}/notifications/${created.body.id}`)
          .expect(200);
        return body.status === 'sent' ? body : undefined;
      },
      20_000,
      200,
    );
    expect(sent).toEqual({
      id: created.body.id,
      kind: 'TestMail',
      recipient: tess.email,
      subject: "Sign'Stash test e-mail",
      createdAt: expect.any(String),
      status: 'sent',
      attempts: 1,
      sentAt: expect.any(String),
    });
    const [mail] = await mailpit.waitForMessages(`to:"${tess.email}" subject:"Sign'Stash test e-mail"`, 1, 20_000);
    expect(mail.Text).toContain(`Hello Tess,`);
    expect(mail.Text).toContain(`mail from Sign'Stash reaches ${tess.email}.`);
    expect(mail.Text).toContain('set on the Settings page of the backoffice: http://backoffice.test:3000/');

    const notFound = await request(app.getHttpServer())
      .get(`/issuers/${otherIssuerId}/notifications/${created.body.id}`)
      .expect(404);
    expect(notFound.body.message).toBe('This notification does not exist or does not belong to your issuer.');
    await request(app.getHttpServer()).get(`/issuers/${issuerId}/notifications/${randomUUID()}`).expect(404);
    const { body: listed } = await request(app.getHttpServer()).get(`/issuers/${issuerId}/notifications`).expect(200);
    expect(listed.items).toContainEqual(sent);
  });

  it('refuses a second test e-mail of one operator within 30 s (429), however many come at once', async () => {
    const uma = testMailTo('Uma');
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => request(app.getHttpServer()).post(`/issuers/${issuerId}/test-mails`).send(uma)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 429, 429]);
    const again = await request(app.getHttpServer()).post(`/issuers/${issuerId}/test-mails`).send(uma).expect(429);
    expect(again.body).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/^A test e-mail was sent less than 30 seconds ago\. Try again in \d+ s\.$/),
    });
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(30);
    // Another operator is not held back by this one.
    await request(app.getHttpServer()).post(`/issuers/${issuerId}/test-mails`).send(testMailTo('Val')).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mailsTo(uma.email, 'test e-mail')).toBe(1);
  });

  it('refuses a test e-mail request naming the field at fault', async () => {
    const bad = await request(app.getHttpServer())
      .post(`/issuers/${issuerId}/test-mails`)
      .send({ ...testMailTo('Wil'), email: 'not-an-address' })
      .expect(400);
    expect(bad.body.fields).toEqual([{ field: 'email', reason: expect.stringContaining('email') }]);
    const long = await request(app.getHttpServer())
      .post(`/issuers/${issuerId}/test-mails`)
      .send({ ...testMailTo('Wil'), name: 'x'.repeat(201) })
      .expect(400);
    expect(long.body.fields.map((f: { field: string }) => f.field)).toEqual(['name']);
  });

  it('exposes mail, consumer and dead-letter series at /metrics', async () => {
    const { text } = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(text).toMatch(/signstash_mails\{[^}]*status="sent"[^}]*\} [1-9]/);
    expect(text).toMatch(/signstash_consumer_messages_total\{[^}]*outcome="processed"[^}]*\} [1-9]/);
    expect(text).toContain('signstash_consumer_lag{');
    expect(text).toContain('signstash_dlq_messages{');
    expect(text).toContain('http_request_duration_seconds_bucket{');
  });
});
