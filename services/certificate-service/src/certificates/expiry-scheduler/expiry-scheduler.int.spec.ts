import { INestApplication, LoggerService } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { READ_MODELS, ReadModelResolver } from '@signstash/read-model';
import { makeCertificatePem, uniqueName, waitFor } from '@signstash/testing';
import { CertificateServiceTestbed } from '../../testing/certificate-service.fixture';
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

  nextExpiryAfter(instant: Date): Promise<ExpiryCandidate | undefined> {
    return this.inner.nextExpiryAfter(instant);
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
    const ids: string[] = [];
    for (let i = 0; i < CERTIFICATES; i++) {
      const { body } = await request(app.getHttpServer())
        .post(`/issuers/${issuer}/certificates`)
        .set('X-Operator-Id', 'operator')
        .send({
          alias: `Expiring ${i}`,
          // One PEM per certificate: the same PEM twice for one issuer is refused.
          pem: await makeCertificatePem({ commonName: `Shutdown Signing ${i}` }),
          access: {
            provider: 'CA',
            credentialId: `cred-${i}`,
            expiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
          },
        })
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
      Promise.all(
        ids.map(
          async (id) => (await store.readStream(`certificate-${id}`)).filter((e) => e.type === 'AccessExpiring').length,
        ),
      );
    await waitFor(async () => ((await warnings()).every((count) => count > 0) ? true : undefined), 15_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await warnings()).toEqual(ids.map(() => 1));
    expect(errors).toEqual([]);
  });
});

describe('expiry scheduler with two replicas (real SQLite, FerretDB, Kafka)', () => {
  const replicas = new CertificateServiceTestbed('expiry_lease_it');
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    await replicas.createTopics(1);
    apps.push(await replicas.start({ logger: capture }), await replicas.start({ logger: capture }));
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await replicas.dispose();
  });

  const active = () => apps.map((app) => app.get(ExpiryScheduler).active);

  it('runs the passes in the lease holder only; when it stops, the other replica takes over and expires what is due', async () => {
    expect(active().filter(Boolean)).toHaveLength(1);
    const leaderMetric = async (app: INestApplication) =>
      /^signstash_expiry_scheduler_leader\{[^}]*\} (\d)$/m.exec(
        (await request(app.getHttpServer()).get('/metrics')).text,
      )?.[1];
    expect(await Promise.all(apps.map(leaderMetric))).toEqual(active().map((held) => (held ? '1' : '0')));

    const [holder] = apps.splice(active().indexOf(true), 1);
    await holder.close();
    // The holder released the lease on close: the standby's next attempt (every TTL/3 ≈ 3.3 s) takes it.
    await waitFor(() => (apps[0].get(ExpiryScheduler).active ? true : undefined), 10_000, 100);

    const { body } = await request(apps[0].getHttpServer())
      .post(`/issuers/${issuer}/certificates`)
      .set('X-Operator-Id', 'operator')
      .send({
        alias: 'Expires under the new holder',
        pem: await makeCertificatePem({ commonName: 'Lease Signing' }),
        access: { provider: 'CA', credentialId: 'cred-lease', expiresAt: new Date(Date.now() + 1500).toISOString() },
      })
      .expect(201);
    const store = apps[0].get<EventStore>(EVENT_STORE);
    const types = await waitFor(
      async () => {
        const events = await store.readStream(`certificate-${body.id}`);
        return events.some((event) => event.type === 'AccessExpired') ? events.map((event) => event.type) : undefined;
      },
      15_000,
      200,
    );
    expect(types.filter((type) => type === 'AccessExpired')).toHaveLength(1);
  });
});
