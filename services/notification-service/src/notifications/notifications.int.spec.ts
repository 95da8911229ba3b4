import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { IntegrationEnvelope, topicNames } from '@signstash/contracts';
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
): IntegrationEnvelope => {
  const streamRevision = revisions.get(aggregateId) ?? 0;
  revisions.set(aggregateId, streamRevision + 1);
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    issuerId: topicIssuer,
    aggregateId,
    streamRevision,
    data,
  };
};
const operator = (issuer: string, name: string) => {
  const operatorId = randomUUID();
  const email = `${name.toLowerCase()}.${operatorId.slice(0, 8)}@${issuer.replace(/_/g, '-')}.example`;
  return envelope(issuer, operatorId, 'OperatorCreated', {
    operatorId,
    issuerId: issuer,
    name,
    email,
    role: 'issuer-operator',
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
const clientService = (certificateId: string, name: string) => {
  const clientServiceId = randomUUID();
  return envelope(issuerId, clientServiceId, 'ClientServiceRegistered', {
    clientServiceId,
    issuerId,
    certificateId,
    name,
    status: 'ACTIVE',
    by: 'op',
    at: new Date().toISOString(),
  });
};
const expiry = (certificateId: string, type: 'AccessExpiring' | 'AccessExpired') =>
  envelope(issuerId, certificateId, type, {
    certificateId,
    issuerId,
    by: 'system',
    at: new Date().toISOString(),
    period: 1,
    provider: 'Multicert',
    expiresAt: '2026-12-24T18:30:00.000Z',
    ...(type === 'AccessExpiring' ? { thresholdDays: 7, daysLeft: 7 } : {}),
  });

describe('notification service (real Kafka, FerretDB and Mailpit)', () => {
  let app: INestApplication;
  let smtp: TcpProxy;
  const ana = operator(issuerId, 'Ana');
  const bob = operator(issuerId, 'Bob');
  const stranger = operator(otherIssuerId, 'Eve');
  const recipients = [ana, bob].map((o) => o.data.email as string);

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
    await publisher.publish(Topics.operators, [ana, bob, stranger]);
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

  it('mails every operator of the issuer once when the access is about to expire, even if the event comes twice', async () => {
    const registered = certificate('Invoices');
    const cs = clientService(registered.aggregateId, 'Billing API');
    await publisher.publish(Topics.certificates, [registered]);
    await publisher.publish(Topics.clientServices, [cs]);
    const warning = expiry(registered.aggregateId, 'AccessExpiring');
    await publisher.publish(Topics.certificates, [warning, warning]);

    for (const email of recipients) {
      const [mail] = await mailpit.waitForMessages(`to:"${email}" subject:"expires in 7 days"`, 1, 20_000);
      expect(mail.Subject).toBe('CA access of certificate "Invoices" expires in 7 days');
      expect(mail.Text).toContain('1 client service uses this certificate');
      expect(mail.Text).toContain(`http://backoffice.test:3000/certificates/${registered.aggregateId}`);
      expect(mail.HTML).toContain('<strong>Invoices</strong>');
    }
    await publisher.publish(Topics.certificates, [warning]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const email of recipients) expect(await mailsTo(email, 'expires in 7 days')).toBe(1);
    expect(await mailsTo(stranger.data.email as string, 'Invoices')).toBe(0);

    const listed = await request(app.getHttpServer())
      .get(`/issuers/${issuerId}/notifications`)
      .query({ certificateId: registered.aggregateId })
      .expect(200);
    expect(listed.body.items.map((n: { recipient: string; status: string }) => [n.recipient, n.status]).sort()).toEqual(
      recipients.map((r) => [r, 'sent']).sort(),
    );
    await request(app.getHttpServer())
      .get(`/issuers/${otherIssuerId}/notifications`)
      .query({ certificateId: registered.aggregateId })
      .expect(200, { items: [] });
  });

  it('keeps the mails while SMTP is down and sends each exactly once when it is back', async () => {
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
    for (const email of recipients) expect(await mailsTo(email, 'Payroll')).toBe(0);

    await smtp.up();
    for (const email of recipients) {
      const [mail] = await mailpit.waitForMessages(`to:"${email}" subject:"Payroll"`, 1, 20_000);
      expect(mail.Subject).toBe('CA access of certificate "Payroll" expired: client services suspended');
      expect(mail.Text).toContain('  - Payroll API');
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const email of recipients) expect(await mailsTo(email, 'Payroll')).toBe(1);
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
