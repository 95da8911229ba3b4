import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Db } from 'mongodb';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { MONGO_DB } from '@signstash/platform';
import type { AnyProjection } from './projection';
import { ProjectionRunner, ProjectionRunnerOptions } from './projection-runner';
import { ReadModelResolver } from './read-model-aliases';

/** The `ReadModelResolver` readers use. */
export const READ_MODELS = Symbol('READ_MODELS');
/** The service's `ProjectionRunner[]`, for status endpoints and metrics. */
export const PROJECTION_RUNNERS = Symbol('PROJECTION_RUNNERS');

export interface ReadModelModuleOptions {
  projections: AnyProjection[];
  runner?: ProjectionRunnerOptions;
  /** How long readers cache an alias; default 500 ms. */
  aliasCacheMs?: number;
  /** Hold application start-up until every projection is live (tests); default false. */
  awaitLive?: boolean;
}

const OPTIONS = Symbol('READ_MODEL_OPTIONS');

/** Starts the runners once every module is initialised and stops them before the store and MongoDB close. */
@Injectable()
class ProjectionRunnersLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReadModels');

  constructor(
    @Inject(PROJECTION_RUNNERS) private readonly runners: ProjectionRunner[],
    @Inject(OPTIONS) private readonly options: ReadModelModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.start()));
    if (this.options.awaitLive) await Promise.all(this.runners.map((runner) => runner.whenLive()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.runners.map((runner) =>
        runner
          .stop()
          .catch((error: Error) => this.logger.error(`${runner.name} did not stop cleanly: ${error.message}`)),
      ),
    );
  }
}

/** Needs `EVENT_STORE` and `MONGO_DB` from the application (EventStoreModule, MongoModule). */
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
        { provide: OPTIONS, useValue: options },
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
        ProjectionRunnersLifecycle,
      ],
      exports: [READ_MODELS, PROJECTION_RUNNERS],
    };
  }
}
