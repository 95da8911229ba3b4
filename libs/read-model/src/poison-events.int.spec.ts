import { ExpectedRevision, RecordedEvent } from '@signstash/event-store';
import { cartTestDomain } from '@signstash/event-store/testing';
import { waitFor } from '@signstash/testing';
import { ParkedEvents } from './parked-events';
import { ProjectionRebuildError } from './projection-batch';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { ProjectionRunner } from './projection-runner';
import { ReadModelResolver } from './read-model-aliases';
import { cartSummaryProjection, CartSummary, POISON_SKU, UNWRITABLE_SKU } from './testing/cart-summary.fixture';
import { documentsOf, expectedCartSummaries } from './testing/expected-carts';
import { Engines, openEngines, seedCarts } from './testing/read-model.fixture';

describe('Poison events (real SQLite event store and FerretDB)', () => {
  let engines: Engines;
  const runners: ProjectionRunner[] = [];
  const runner = (version = 1) => {
    const created = new ProjectionRunner(
      engines.store,
      engines.db,
      cartSummaryProjection(engines.category, { version }),
      {
        batchSize: 20,
        retryDelayMs: 20,
      },
    );
    runners.push(created);
    return created;
  };
  const summaries = async () =>
    documentsOf(
      (await new ReadModelResolver(engines.db, { cacheMs: 0 }).collection<CartSummary>('cart_summary')).find(),
    );
  const appendPoison = async () => {
    const poison = await engines.store.appendToStream(
      `${engines.category}-bad`,
      [
        cartTestDomain.itemAdded('fine'),
        cartTestDomain.itemAdded(POISON_SKU),
        cartTestDomain.itemAdded(UNWRITABLE_SKU),
        cartTestDomain.itemAdded('after'),
      ],
      ExpectedRevision.noStream,
    );
    return engines.store
      .readStream(`${engines.category}-bad`)
      .then((events) => ({ events, position: poison.position }));
  };
  /** The log without the events a projection could not apply. */
  const without = (events: RecordedEvent[], skipped: RecordedEvent[]) =>
    events.filter((event) => !skipped.some((each) => each.eventId === event.eventId));
  const log = () => engines.store.readAll({ filter: { streamCategories: [engines.category] } });

  beforeEach(async () => {
    engines = await openEngines('poison-events');
    await seedCarts(engines.store, engines.category, 5, 3);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((each) => each.stop()));
    await engines.close();
  });

  it('live: parks the events it cannot apply or write, records them, and carries on', async () => {
    const live = runner();
    await live.start();
    await live.whenLive();

    const { events, position } = await appendPoison();
    await live.waitForPosition(position);

    const parked = await new ParkedEvents(engines.db).list('cart-summary');
    expect(parked).toEqual([
      expect.objectContaining({
        eventId: events[1].eventId,
        position: events[1].position,
        type: 'ItemAdded',
        attempts: 1,
        version: 1,
      }),
      expect.objectContaining({
        eventId: events[2].eventId,
        position: events[2].position,
        type: 'ItemAdded',
        attempts: 3,
        version: 1,
      }),
    ]);
    expect(parked[0].error).toMatch(/cannot project SKU poison/);
    expect(parked[1].error).toMatch(/\$bad/);
    expect(await summaries()).toEqual(expectedCartSummaries(without(await log(), events.slice(1, 3))));
    expect(await live.status()).toMatchObject({ state: 'live', parked: 2, lag: 0n });
  });

  it('catching up after a restart: parks them too, and the rest of their batch is written', async () => {
    const first = runner();
    await first.start();
    await first.whenLive();
    await first.stop();
    const { events } = await appendPoison();

    const again = runner();
    await again.start();
    await again.whenLive();

    expect((await new ParkedEvents(engines.db).list('cart-summary')).map((p) => p.eventId)).toEqual([
      events[1].eventId,
      events[2].eventId,
    ]);
    expect(await summaries()).toEqual(expectedCartSummaries(without(await log(), events.slice(1, 3))));
  });

  it('rebuilding: stops loudly at the event, keeps readers on the old version and its checkpoint just before it', async () => {
    const live = runner(1);
    await live.start();
    await live.whenLive();
    const { events } = await appendPoison();
    await waitFor(async () => ((await live.status()).parked === 2 ? true : undefined));
    await live.stop();

    const rebuild = runner(2);
    await rebuild.start();
    const failure = await rebuild.whenLive().then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(ProjectionRebuildError);
    expect((failure as Error).message).toContain(events[1].eventId);
    expect((failure as ProjectionRebuildError).event).toMatchObject({ eventId: events[1].eventId, type: 'ItemAdded' });
    expect(await rebuild.status()).toMatchObject({
      state: 'failed',
      error: expect.stringContaining(events[1].eventId),
    });
    expect(await new ReadModelResolver(engines.db, { cacheMs: 0 }).physicalName('cart_summary')).toBe(
      'cart_summary_v1',
    );
    expect((await new ProjectionCheckpoints(engines.db).load('cart-summary@v2'))?.position).toBe(events[0].position);
    expect(
      await new ParkedEvents(engines.db).list('cart-summary').then((p) => p.filter((each) => each.version === 2)),
    ).toEqual([]);
  });
});
