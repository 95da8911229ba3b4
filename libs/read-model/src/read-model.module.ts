import { DynamicModule, Module } from '@nestjs/common';
import type { Db } from 'mongodb';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { MONGO_DB } from '@signstash/platform';
import type { AnyProjection } from './projection';
import { ProjectionRunner, ProjectionRunnerOptions } from './projection-runner';
import { ReadModelResolver } from './read-model-aliases';

/** The `ReadModelResolver` readers use: the collection a read model's readers use now. */
export const READ_MODELS = Symbol('READ_MODELS');
/** The service's `ProjectionRunner[]`: background workers, and for read-your-writes, status and metrics. */
export const PROJECTION_RUNNERS = Symbol('PROJECTION_RUNNERS');

export interface ReadModelModuleOptions {
  projections: AnyProjection[];
  runner?: ProjectionRunnerOptions;
  /** How long readers cache an alias; default 500 ms. */
  aliasCacheMs?: number;
}

/**
 * A service's read models: the readers' resolver and one runner per projection. The runners are
 * started and stopped like every other worker, by the service's `WorkersModule`.
 * Needs `EVENT_STORE` and `MONGO_DB` from the application (EventStoreModule, MongoModule).
 */
@Module({})
export class ReadModelModule {
  static forRoot(options: ReadModelModuleOptions): DynamicModule {
    for (const key of ['name', 'collection'] as const) {
      const seen = options.projections.map((projection) => projection[key]);
      const twice = seen.find((value, index) => seen.indexOf(value) !== index);
      if (twice) throw new Error(`two projections share the ${key} "${twice}"`);
    }
    return {
      module: ReadModelModule,
      providers: [
        {
          provide: READ_MODELS,
          inject: [MONGO_DB],
          useFactory: (db: Db) => new ReadModelResolver(db, { cacheMs: options.aliasCacheMs }),
        },
        {
          provide: PROJECTION_RUNNERS,
          inject: [EVENT_STORE, MONGO_DB],
          useFactory: (store: EventStore, db: Db) =>
            options.projections.map((projection) => new ProjectionRunner(store, db, projection, options.runner)),
        },
      ],
      exports: [READ_MODELS, PROJECTION_RUNNERS],
    };
  }
}
