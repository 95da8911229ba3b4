import { INestApplication, LoggerService } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import type { ReadModelResolver } from '@signstash/read-model';
import { makeCertificatePem, uniqueName, waitFor } from '@signstash/testing';
import { CertificateServiceTestbed } from '../../testing/certificate-service.testbed';
import { READ_MODELS } from '../certificate.queries';
import { CERTIFICATE_LIST } from '../certificate-list/certificate-list.projection';
import type { CertificateListDocument } from '../certificate-list/certificate-list.document';
import { EXPIRY_CANDIDATES, ExpiryCandidate, ExpiryCandidates } from './expiry-candidates.port';
import { ReadModelExpiryCandidates } from './read-model-expiry-candidates.adapter';
import { ExpiryScheduler } from './expiry-scheduler.service';

const testbed = new CertificateServiceTestbed('expiry_shutdown_it');
const issuer = uniqueName('issuer');
const CERTIFICATES = 5;
const DAY = 24 * 60 * 60 * 1000;

/** Holds the pass that finds every certificate between its search and its commands, until released. */
class PausedSearch implements ExpiryCandidates {
  found!: () => void;
  readonly foundAll = new Promise<void>((resolve) => (this.found = resolve));
  release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));
  held = false;

  constructor(private readonly inner: ExpiryCandidates) {}

  async find(now: Date, horizonDays: number): Promise<ExpiryCandidate[]> {
    const due = await this.inner.find(now, horizonDays);
    // Until the projection shows them all, passes find nothing, so the held pass is the first to act.
    if (this.held || due.length < CERTIFICATES) return [];
    this.held = true;
    this.found();
    await this.released;
    return due;
  }
}

const errors: string[] = [];
const capture: LoggerService = {
  log: () => undefined,
  warn: () => undefined,
  error: (message: unknown) => void errors.push(String(message)),
};

const start = (search?: (inner: ExpiryCandidates) => ExpiryCandidates) =>
  testbed.start({
    logger: capture,
    customise: (builder) => {
      if (!search) return;
      builder.overrideProvider(EXPIRY_CANDIDATES).useFactory({
        inject: [READ_MODELS],
        factory: (readModels: ReadModelResolver) =>
          search(new ReadModelExpiryCandidates(() => readModels.collection<CertificateListDocument>(CERTIFICATE_LIST))),
      });
    },
  });

describe('expiry scheduler at shutdown (real SQLite, FerretDB, Kafka)', () => {
  let restarted: INestApplication | undefined;

  beforeAll(() => testbed.createTopics(1));

  afterAll(async () => {
    await restarted?.close();
    await testbed.dispose();
  });

  it('lets the pass in progress end before the stores close, logs no error, and the next start warns every certificate once', async () => {
    let search!: PausedSearch;
    const app = await start((inner) => (search = new PausedSearch(inner)));
    // Passes never overlap, so the first to end after the search was held is the held one.
    let heldPassEndedAt: number | undefined;
    const scheduler = app.get(ExpiryScheduler);
    const runOnce = scheduler.runOnce.bind(scheduler);
    scheduler.runOnce = () => runOnce().finally(() => (heldPassEndedAt ??= search.held ? Date.now() : undefined));
    const pem = await makeCertificatePem({ commonName: 'Shutdown Signing' });
    const ids: string[] = [];
    for (let i = 0; i < CERTIFICATES; i++) {
      const { body } = await request(app.getHttpServer())
        .post(`/issuers/${issuer}/certificates`)
        .set('X-Operator-Id', 'operator')
        .send({ alias: `Expiring ${i}`, pem, access: { provider: 'CA', credentialId: `cred-${i}`, expiresAt: new Date(Date.now() + 3 * DAY).toISOString() } })
        .expect(201);
      ids.push(body.id);
    }

    await search.foundAll;
    const closing = app.close().then(() => Date.now());
    // Released when the app has closed or, if closing waits for the pass (as it must), after a while.
    void Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 3000))]).then(() => search.release());
    const closedAt = await closing;
    await waitFor(() => heldPassEndedAt, 10_000);

    expect(errors).toEqual([]);
    expect(heldPassEndedAt).toBeLessThanOrEqual(closedAt);

    restarted = await start();
    const store = restarted.get<EventStore>(EVENT_STORE);
    const warnings = async () =>
      Promise.all(ids.map(async (id) => (await store.readStream(`certificate-${id}`)).filter((e) => e.type === 'AccessExpiring').length));
    await waitFor(async () => ((await warnings()).every((count) => count > 0) ? true : undefined), 15_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await warnings()).toEqual(ids.map(() => 1));
    expect(errors).toEqual([]);
  });
});
