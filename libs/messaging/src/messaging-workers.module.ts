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

/** Something that runs beside the HTTP server for the app's lifetime: a consumer, a relay. */
export interface MessagingWorker {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const MESSAGING_WORKERS = Symbol('MESSAGING_WORKERS');

export interface MessagingWorkersOptions {
  imports?: ModuleMetadata['imports'];
  inject?: Extract<Provider, { useFactory: unknown }>['inject'];
  useFactory(...dependencies: any[]): MessagingWorker[] | Promise<MessagingWorker[]>;
}

/**
 * Starts the workers once every module is initialised and stops them before shutdown hooks run,
 * i.e. before the MongoDB client and the event store close under them.
 */
@Injectable()
class MessagingWorkersLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MessagingWorkers');
  private started: MessagingWorker[] = [];

  constructor(@Inject(MESSAGING_WORKERS) private readonly workers: MessagingWorker[]) {}

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

@Module({})
export class MessagingWorkersModule {
  static register(options: MessagingWorkersOptions): DynamicModule {
    return {
      module: MessagingWorkersModule,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_WORKERS, inject: options.inject ?? [], useFactory: options.useFactory },
        MessagingWorkersLifecycle,
      ],
      exports: [MESSAGING_WORKERS],
    };
  }
}
