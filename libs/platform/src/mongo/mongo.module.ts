import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Db, MongoClient } from 'mongodb';
import { EngineProbe } from '../health/engine-probe';

export const MONGO_CLIENT = Symbol('MONGO_CLIENT');
export const MONGO_DB = Symbol('MONGO_DB');

export interface MongoOptions {
  url: string;
  database: string;
}

export const connectMongo = async ({ url, database }: MongoOptions): Promise<{ client: MongoClient; db: Db }> => {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, retryWrites: false });
  await client.connect();
  return { client, db: client.db(database) };
};

export const mongoProbe = (db: Db): EngineProbe => ({
  name: 'mongodb',
  check: async () => {
    await db.command({ ping: 1 });
  },
});

/** One MongoDB client per service; `MONGO_DB` is the service's own database (no service reads another's). */
@Global()
@Module({})
export class MongoModule implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CLIENT) private readonly client: MongoClient) {}

  static forRoot(options: MongoOptions): DynamicModule {
    return {
      module: MongoModule,
      providers: [
        { provide: MONGO_CLIENT, useFactory: async () => (await connectMongo(options)).client },
        { provide: MONGO_DB, inject: [MONGO_CLIENT], useFactory: (client: MongoClient) => client.db(options.database) },
      ],
      exports: [MONGO_CLIENT, MONGO_DB],
    };
  }

  async onApplicationShutdown() {
    await this.client.close();
  }
}
