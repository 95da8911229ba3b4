import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  Provider,
} from '@nestjs/common';

/**
 * Something that runs beside the HTTP server for the app's lifetime: a projection runner, a relay,
 * a consumer, a scheduler, a sender. It is started and stopped only by `WorkersModule`, never by
 * Nest hooks of its own, so every worker follows the same order.
 */
export interface BackgroundWorker {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const BACKGROUND_WORKERS = Symbol('BACKGROUND_WORKERS');

export interface WorkersOptions {
  imports?: ModuleMetadata['imports'];
  inject?: Extract<Provider, { useFactory: unknown }>['inject'];
  useFactory(...dependencies: any[]): BackgroundWorker[] | Promise<BackgroundWorker[]>;
}

/**
 * Starts the workers in order once every module is initialised and stops them in reverse before the
 * shutdown hooks run, i.e. before the MongoDB client, the event store and Kafka close under them.
 */
@Injectable()
class WorkersLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Workers');
  private started: BackgroundWorker[] = [];

  constructor(@Inject(BACKGROUND_WORKERS) private readonly workers: BackgroundWorker[]) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const worker of this.workers) {
      await worker.start();
      this.started.push(worker);
      this.logger.log(`${worker.name} started`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const running = this.started.reverse();
    this.started = [];
    for (const worker of running) {
      await worker
        .stop()
        .catch((error: Error) => this.logger.error(`${worker.name} did not stop cleanly: ${error.message}`));
    }
  }
}

/** One per application: the service's whole list of workers, as its parts declaration and module give them. */
@Module({})
export class WorkersModule {
  static register(options: WorkersOptions): DynamicModule {
    return {
      module: WorkersModule,
      imports: options.imports ?? [],
      providers: [
        { provide: BACKGROUND_WORKERS, inject: options.inject ?? [], useFactory: options.useFactory },
        WorkersLifecycle,
      ],
      exports: [BACKGROUND_WORKERS],
    };
  }
}
