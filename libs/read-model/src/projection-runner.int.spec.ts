import type { ChildProcess } from 'node:child_process';
import { Collection } from 'mongodb';
import { ExpectedRevision } from '@signstash/event-store';
import { cartTestDomain } from '@signstash/event-store/testing';
import { testEnv, waitFor } from '@signstash/testing';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { ProjectionRunner, ProjectionRunnerOptions } from './projection-runner';
import { ReadModelResolver } from './read-model-aliases';
import { cartSummaryProjection, CartSummary } from './testing/cart-summary.fixture';
import { documentsOf, expectedCartSummaries } from './testing/expected-carts';
import { Engines, openEngines, seedCarts } from './testing/read-model.fixture';
import { exited, spawnProjectionProcess } from './testing/spawn-projection.fixture';

describe('ProjectionRunner (real SQLite event store and FerretDB)', () => {
  let engines: Engines;
  const runners: ProjectionRunner[] = [];
  const children: ChildProcess[] = [];
  const runner = (options: ProjectionRunnerOptions = {}) => {
    const created = new ProjectionRunner(engines.store, engines.db, cartSummaryProjection(engines.category), {
      retryDelayMs: 50,
      ...options,
    });
    runners.push(created);
    return created;
  };
  const summaries = async () =>
    documentsOf(
      (await new ReadModelResolver(engines.db, { cacheMs: 0 }).collection<CartSummary>('cart_summary')).find(),
    );
  const expected = async () =>
    expectedCartSummaries(await engines.store.readAll({ filter: { streamCategories: [engines.category] } }));

  beforeEach(async () => {
    engines = await openEngines('projection-runner');
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await Promise.all(runners.splice(0).map((each) => each.stop()));
    await engines.close();
  });

  it('catches up in batches, applies every event once, then reports no lag', async () => {
    await seedCarts(engines.store, engines.category, 30, 4);
    const projection = runner({ batchSize: 40 });
    await projection.start();
    await projection.whenLive();

    expect(await summaries()).toEqual(await expected());
    const status = await projection.status();
    expect(status).toMatchObject({ state: 'live', applied: 150, parked: 0, lag: 0n, collection: 'cart_summary_v1' });
    expect(status.checkpoint).toBe(await engines.store.headPosition());
    expect(status.lastEventAt).toBeInstanceOf(Date);
  });

  it('applies events appended while live, and waits for a position on request', async () => {
    const projection = runner();
    await projection.start();
    await projection.whenLive();
    const appended = await engines.store.appendToStream(
      `${engines.category}-late`,
      [cartTestDomain.itemAdded('a', 2), cartTestDomain.itemAdded('b', 3)],
      ExpectedRevision.noStream,
    );

    expect(await projection.waitForPosition(appended.position)).toBe(true);
    expect(await summaries()).toEqual(await expected());
    expect((await projection.status()).lag).toBe(0n);
  });

  it('writes the events appended during a live write together, each applied once', async () => {
    const projection = runner();
    await projection.start();
    await projection.whenLive();
    const writes = jest.spyOn(Collection.prototype, 'bulkWrite');
    const appended = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        engines.store.appendToStream(
          `${engines.category}-busy${i}`,
          [cartTestDomain.itemAdded('a', i + 1), cartTestDomain.itemAdded('b', 2)],
          ExpectedRevision.noStream,
        ),
      ),
    );
    const last = appended.reduce((max, { position }) => (position > max ? position : max), 0n);

    expect(await projection.waitForPosition(last)).toBe(true);
    expect(await summaries()).toEqual(await expected());
    const summaryWrites = writes.mock.contexts.filter((c) => (c as Collection).collectionName === 'cart_summary_v1');
    writes.mockRestore();
    // 80 events: one write each would be 80 round trips.
    expect(summaryWrites.length).toBeGreaterThan(0);
    expect(summaryWrites.length).toBeLessThanOrEqual(5);
    expect((await projection.status()).applied).toBe(80);
  });

  it('stores the checkpoint after the writes: losing it replays events without applying any twice', async () => {
    await seedCarts(engines.store, engines.category, 20, 3);
    const first = runner({ batchSize: 25 });
    await first.start();
    await first.whenLive();
    await first.stop();
    // As if the process died after the last writes but before their checkpoint, many batches ago.
    await engines.db
      .collection('projection_checkpoints')
      .updateOne({ _id: 'cart-summary@v1' as never }, { $set: { position: 7n } });

    const second = runner({ batchSize: 25 });
    await second.start();
    await second.whenLive();

    expect(await summaries()).toEqual(await expected());
    expect((await second.status()).applied).toBe(80 - 7);
    // The checkpoint is written behind the batches; a stop waits for the last write.
    await second.stop();
    expect((await new ProjectionCheckpoints(engines.db).load('cart-summary@v1'))?.position).toBe(
      await engines.store.headPosition(),
    );
  });

  it('resumes after a SIGKILL mid catch-up with nothing lost and nothing applied twice', async () => {
    await seedCarts(engines.store, engines.category, 60, 9);
    const head = await engines.store.headPosition();
    const checkpoints = new ProjectionCheckpoints(engines.db);
    const child = spawnProjectionProcess({
      storeFile: engines.storeFile,
      mongoUrl: testEnv().mongoUrl,
      database: engines.db.databaseName,
      category: engines.category,
      version: 1,
      batchSize: 10,
    });
    children.push(child);
    const reached = await waitFor(
      async () => {
        const position = (await checkpoints.load('cart-summary@v1'))?.position ?? 0n;
        return position >= 150n ? position : undefined;
      },
      30_000,
      20,
    );
    child.kill('SIGKILL');
    await exited(child);
    const killedAt = (await checkpoints.load('cart-summary@v1'))!.position;
    expect(killedAt).toBeGreaterThanOrEqual(reached);
    expect(killedAt).toBeLessThan(head);

    const restarted = runner({ batchSize: 10 });
    await restarted.start();
    await restarted.whenLive();

    expect(await summaries()).toEqual(await expected());
    expect((await restarted.status()).applied).toBe(Number(head - killedAt));
  }, 60_000);

  it('reports its lag while behind', async () => {
    await seedCarts(engines.store, engines.category, 5, 2);
    const projection = runner();
    const before = await projection.status();
    expect(before).toMatchObject({ state: 'stopped', checkpoint: 0n, lag: 15n });
    await projection.start();
    await projection.whenLive();
    await waitFor(async () => ((await projection.status()).lag === 0n ? true : undefined));
  });
});
