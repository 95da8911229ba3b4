import { Global, INestApplicationContext, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, ExpectedRevision } from '@signstash/event-store';
import { cartTestDomain } from '@signstash/event-store/testing';
import { MONGO_DB, WorkersModule } from '@signstash/platform';
import { waitFor } from '@signstash/testing';
import { ProjectionRunner } from './projection-runner';
import { ReadModelResolver } from './read-model-aliases';
import { PROJECTION_RUNNERS, READ_MODELS, ReadModelModule } from './read-model.module';
import { cartSummaryProjection, CartSummary } from './testing/cart-summary.fixture';
import { Engines, openEngines, seedCarts } from './testing/read-model.fixture';

describe('ReadModelModule (real SQLite event store and FerretDB)', () => {
  let engines: Engines;
  let app: INestApplicationContext | undefined;

  beforeEach(async () => {
    engines = await openEngines('read-model-module');
  });
  afterEach(async () => {
    await app?.close();
    await engines.close();
  });

  const boot = async () => {
    @Global()
    @Module({
      providers: [
        { provide: EVENT_STORE, useValue: engines.store },
        { provide: MONGO_DB, useValue: engines.db },
      ],
      exports: [EVENT_STORE, MONGO_DB],
    })
    class EnginesModule {}
    const readModels = ReadModelModule.forRoot({ projections: [cartSummaryProjection(engines.category)] });
    const moduleRef = await Test.createTestingModule({
      imports: [
        EnginesModule,
        readModels,
        WorkersModule.register({
          imports: [readModels],
          inject: [PROJECTION_RUNNERS],
          useFactory: (runners: ProjectionRunner[]) => runners,
        }),
      ],
    }).compile();
    app = await moduleRef.init();
    await Promise.all(app.get<ProjectionRunner[]>(PROJECTION_RUNNERS).map((runner) => runner.whenLive()));
    return app;
  };

  it('starts the runners (as workers) on bootstrap, serves readers through the resolver, stops the runners on shutdown', async () => {
    await seedCarts(engines.store, engines.category, 3, 2);
    const context = await boot();
    const [runner] = context.get<ProjectionRunner[]>(PROJECTION_RUNNERS);
    const readers = context.get<ReadModelResolver>(READ_MODELS);

    expect((await runner.status()).state).toBe('live');
    expect(await (await readers.collection<CartSummary>('cart_summary')).countDocuments()).toBe(3);

    await engines.store.appendToStream(
      `${engines.category}-new`,
      [cartTestDomain.itemAdded('x')],
      ExpectedRevision.noStream,
    );
    await waitFor(async () =>
      (await (await readers.collection('cart_summary')).countDocuments()) === 4 ? true : undefined,
    );

    await context.close();
    app = undefined;
    expect((await runner.status()).state).toBe('stopped');
  });

  it('refuses two projections writing the same collection', () => {
    const projection = cartSummaryProjection(engines.category);
    expect(() => ReadModelModule.forRoot({ projections: [projection, { ...projection, name: 'other' }] })).toThrow(
      /share the collection "cart_summary"/,
    );
  });
});
