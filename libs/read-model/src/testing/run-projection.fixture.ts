import { SqliteEventStore } from '@signstash/event-store';
import { connectMongo } from '@signstash/platform';
import { ProjectionRunner } from '../projection-runner';
import { cartSummaryProjection } from './cart-summary.fixture';

// A projection runner in a process of its own, for specs that kill it with SIGKILL mid-work.
// Run with tsx; configured by READ_MODEL_FIXTURE, a JSON object.

interface FixtureConfig {
  storeFile: string;
  mongoUrl: string;
  database: string;
  category: string;
  version: number;
  batchSize: number;
}

async function main() {
  const config = JSON.parse(process.env.READ_MODEL_FIXTURE ?? '{}') as FixtureConfig;
  const store = new SqliteEventStore({ fileName: config.storeFile });
  const { db } = await connectMongo({ url: config.mongoUrl, database: config.database });
  const runner = new ProjectionRunner(store, db, cartSummaryProjection(config.category, { version: config.version }), {
    batchSize: config.batchSize,
  });
  await runner.start();
  process.stdout.write('started\n');
}

void main();
