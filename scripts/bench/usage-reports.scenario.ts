// The usage-reports bench's scenario: its sizes and names, the certificate service it runs, the certificates it seeds.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { topicNames } from '@signstash/contracts';
import { EVENT_STORE, EventStore, ExpectedRevision } from '@signstash/event-store';
import { createKafka, ensureTopics } from '@signstash/messaging';
import { loadConfig } from '@signstash/platform';
import { PROJECTION_RUNNERS, ProjectionRunner } from '@signstash/read-model';
import { testEnv, uniqueName } from '@signstash/testing';
import { AppModule } from '../../services/certificate-service/src/app.module';
import { CertificateServiceConfig } from '../../services/certificate-service/src/certificate-service.config';
import { certificateDecider } from '../../services/certificate-service/src/certificates/certificate.decider';
import { certificateStreamId } from '../../services/certificate-service/src/certificates/certificate.stream';
import { countArg } from './bench-kit';

export const CERTIFICATES = countArg(2, 1000, 'certificates');
export const REPORTS_EACH = countArg(3, 100, 'reportsPerCertificate');
export const SIGNATURES_EACH_REPORT = 10;
/**
 * Limits that make certificates cross mid-run, one in ten: the first of each twenty is sent 95 % of its
 * limit (90 % crossed near the end, a usage warning), the eleventh twice its limit (the access ends halfway).
 */
export const SENT_EACH = REPORTS_EACH * SIGNATURES_EACH_REPORT;
const limitOf = (index: number) =>
  index % 20 === 0 ? Math.round(SENT_EACH / 0.95) : index % 20 === 10 ? SENT_EACH / 2 : undefined;
/** Every 100th report is published twice. */
export const DUPLICATE_EVERY = 100;
const DAY = 24 * 60 * 60 * 1000;

export const env = testEnv();
export const database = uniqueName('bench_usage_reports');
export const prefix = `${database}.`;
export const topic = topicNames(prefix).signatures;
export const issuerId = `${database}_issuer`;
export const folder = mkdtempSync(join(tmpdir(), `${database}-`));
export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export interface Certificate {
  id: string;
  grantedAt: string;
  limit?: number;
}

export async function startService(): Promise<INestApplication> {
  const config = loadConfig('certificate-service', CertificateServiceConfig, {
    MONGO_URL: env.mongoUrl,
    MONGO_DB: database,
    CONSUMER_GROUP: database,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    SQLITE_PATH: join(folder, 'service.sqlite'),
    // Accesses end in months: the scheduler would only scan; keep its scans out of the figures.
    EXPIRY_CHECK_INTERVAL_SECONDS: '3600',
    KAFKA_TOPIC_PREFIX: prefix,
  });
  await ensureTopics(createKafka({ clientId: database, brokers: env.kafkaBrokers }), [
    { topic, numPartitions: 3, replicationFactor: 1 },
    { topic: topicNames(prefix).certificates, numPartitions: 3, replicationFactor: 1 },
  ]);
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.init();
  return app;
}

/** The certificates, appended as the register command decides them (a CA grant with its limit), then projected. */
export async function seed(app: INestApplication): Promise<Certificate[]> {
  const store = app.get<EventStore>(EVENT_STORE);
  const at = new Date();
  const certificates: Certificate[] = [];
  for (let index = 0; index < CERTIFICATES; index++) {
    const id = randomUUID();
    const limit = limitOf(index);
    const [registered] = certificateDecider.decide(
      {
        type: 'RegisterCertificate',
        data: {
          certificateId: id,
          issuerId,
          by: 'bench',
          at,
          alias: `Usage ${index}`,
          description: '',
          certificate: {
            subject: `CN=Usage ${index}`,
            issuingCa: 'CN=Bench CA',
            serialNumber: index.toString(16),
            validFrom: new Date(at.getTime() - DAY).toISOString(),
            validTo: new Date(at.getTime() + 400 * DAY).toISOString(),
            fingerprintSha256: id,
            keyUsage: [],
            pem: '',
          },
          access: {
            kind: 'ca',
            ca: 'bench-ca',
            caName: 'Bench CA',
            credentialId: `cred-${index}`,
            periodDays: 60,
            signatureLimit: limit ?? 1_000_000_000,
          },
        },
      },
      certificateDecider.initialState(),
    );
    await store.appendToStream(
      certificateStreamId(id),
      [{ eventId: randomUUID(), type: registered.type, data: registered.data }],
      ExpectedRevision.noStream,
    );
    const grantedAt = (registered.data as { access: { grantedAt: string } }).access.grantedAt;
    certificates.push({ id, grantedAt, limit });
  }
  // The projections (list, detail, history) catch up before the clock starts: their work is not the reports'.
  const runners = app.get<ProjectionRunner[]>(PROJECTION_RUNNERS);
  while ((await Promise.all(runners.map((runner) => runner.status()))).some((status) => status.lag > 0n))
    await sleep(200);
  return certificates;
}
