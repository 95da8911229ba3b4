import type { ChildProcess } from 'node:child_process';
import { ExpectedRevision } from '@signstash/event-store';
import { cartTestDomain } from '@signstash/event-store/testing';
import { testEnv, waitFor } from '@signstash/testing';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { ProjectionRunner } from './projection-runner';
import { ReadModelAliases, ReadModelResolver } from './read-model-aliases';
import { cartSummaryProjection, CartSummary } from './testing/cart-summary.fixture';
import { documentsOf, expectedCartSummaries } from './testing/expected-carts';
import { Engines, openEngines, seedCarts } from './testing/read-model.fixture';
import { exited, spawnProjectionProcess } from './testing/spawn-projection.fixture';

describe('Rebuilding a projection beside the live one (real SQLite event store and FerretDB)', () => {
  let engines: Engines;
  const runners: ProjectionRunner[] = [];
  const children: ChildProcess[] = [];
  const runner = (version: number, batchSize = 50) => {
    const created = new ProjectionRunner(
      engines.store,
      engines.db,
      cartSummaryProjection(engines.category, { version }),
      {
        batchSize,
        dropOldAfterMs: 200,
        retryDelayMs: 50,
      },
    );
    runners.push(created);
    return created;
  };
  const readers = () => new ReadModelResolver(engines.db, { cacheMs: 0 });
  const documents = async (collection: string) => documentsOf(engines.db.collection<CartSummary>(collection).find());
  const collections = async () =>
    (await engines.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);

  beforeEach(async () => {
    engines = await openEngines('projection-rebuild');
    await seedCarts(engines.store, engines.category, 40, 10);
    const live = runner(1);
    await live.start();
    await live.whenLive();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await Promise.all(runners.splice(0).map((each) => each.stop()));
    await engines.close();
  });

  it('builds the new version from its own checkpoint, switches readers, then drops the old one', async () => {
    const liveDocuments = await documents('cart_summary_v1');
    await runners[0].stop();

    const rebuild = runner(2);
    await rebuild.start();
    await rebuild.whenLive();

    expect(await readers().physicalName('cart_summary')).toBe('cart_summary_v2');
    expect(await documents('cart_summary_v2')).toEqual(liveDocuments);
    await waitFor(async () => ((await collections()).includes('cart_summary_v1') ? undefined : true));
    const checkpoints = new ProjectionCheckpoints(engines.db);
    // The old checkpoint goes right after the old collection: wait for it rather than race it.
    await waitFor(async () => ((await checkpoints.load('cart-summary@v1')) === undefined ? true : undefined));
    expect((await checkpoints.load('cart-summary@v2'))?.position).toBe(await engines.store.headPosition());
    expect(await engines.db.collection('cart_summary_v2').indexExists('status_1')).toBe(true);
  });

  it('after a SIGKILL mid-rebuild, resumes from the rebuild checkpoint while readers stay on the old version', async () => {
    await runners[0].stop();
    const head = await engines.store.headPosition();
    const checkpoints = new ProjectionCheckpoints(engines.db);
    const child = spawnProjectionProcess({
      storeFile: engines.storeFile,
      mongoUrl: testEnv().mongoUrl,
      database: engines.db.databaseName,
      category: engines.category,
      version: 2,
      batchSize: 10,
    });
    children.push(child);
    await waitFor(
      async () => (((await checkpoints.load('cart-summary@v2'))?.position ?? 0n) >= 100n ? true : undefined),
      30_000,
      20,
    );
    child.kill('SIGKILL');
    await exited(child);
    const killedAt = (await checkpoints.load('cart-summary@v2'))!.position;
    expect(killedAt).toBeLessThan(head);
    expect(await readers().physicalName('cart_summary')).toBe('cart_summary_v1');

    const resumed = runner(2, 10);
    await resumed.start();
    await resumed.whenLive();

    expect((await resumed.status()).applied).toBe(Number(head - killedAt));
    expect(await readers().physicalName('cart_summary')).toBe('cart_summary_v2');
    const all = await engines.store.readAll({ filter: { streamCategories: [engines.category] } });
    expect(await documents('cart_summary_v2')).toEqual(expectedCartSummaries(all));
  }, 60_000);

  it('leaves readers on a newer version alone: an older runner does nothing', async () => {
    await runners[0].stop();
    const newer = runner(2);
    await newer.start();
    await newer.whenLive();
    await newer.stop();

    const older = runner(1);
    await older.start();
    await expect(older.whenLive()).rejects.toThrow(/superseded by version 2/);
    expect((await older.status()).state).toBe('superseded');
    expect((await new ReadModelAliases(engines.db).get('cart_summary'))?.version).toBe(2);
  });

  it('a live runner of an old version stops writing once a newer version has taken the readers', async () => {
    const oldLive = new ProjectionRunner(
      engines.store,
      engines.db,
      cartSummaryProjection(engines.category, { version: 1 }),
      {
        aliasCheckMs: 0,
      },
    );
    runners.push(oldLive);
    await runners[0].stop();
    await oldLive.start();
    await oldLive.whenLive();
    const newer = runner(2);
    await newer.start();
    await newer.whenLive();

    await engines.store.appendToStream(
      `${engines.category}-late`,
      [cartTestDomain.itemAdded('a')],
      ExpectedRevision.noStream,
    );
    await waitFor(async () => ((await oldLive.status()).state === 'superseded' ? true : undefined));
  });

  it('a live runner follows an ops rebuild of its own version: restarts on the new build and keeps it current', async () => {
    const live = new ProjectionRunner(
      engines.store,
      engines.db,
      cartSummaryProjection(engines.category, { version: 1 }),
      {
        aliasCheckMs: 50,
      },
    );
    runners.push(live);
    await runners[0].stop();
    await live.start();
    await live.whenLive();
    const before = await documents('cart_summary_v1');

    const ops = new ProjectionRunner(
      engines.store,
      engines.db,
      cartSummaryProjection(engines.category, { version: 1 }),
      {
        build: { version: 1, rebuild: 1 },
        dropOldAfterMs: 300,
      },
    );
    runners.push(ops);
    await ops.start();
    await ops.whenLive();
    expect(await new ReadModelAliases(engines.db).get('cart_summary')).toMatchObject({
      collection: 'cart_summary_v1_r1',
      rebuild: 1,
    });
    expect(await documents('cart_summary_v1_r1')).toEqual(before);
    await waitFor(async () =>
      (await live.status()).rebuild === 1 && (await live.status()).state === 'live' ? true : undefined,
    );
    await ops.stop();

    await engines.store.appendToStream(
      `${engines.category}-late`,
      [cartTestDomain.itemAdded('a')],
      ExpectedRevision.noStream,
    );
    const all = await engines.store.readAll({ filter: { streamCategories: [engines.category] } });
    const expected = expectedCartSummaries(all);
    await waitFor(async () => ((await documents('cart_summary_v1_r1')).length === expected.length ? true : undefined));
    expect(await documents('cart_summary_v1_r1')).toEqual(expected);
    expect(await readers().physicalName('cart_summary')).toBe('cart_summary_v1_r1');
    await waitFor(async () => ((await collections()).includes('cart_summary_v1') ? undefined : true));
  });
});
