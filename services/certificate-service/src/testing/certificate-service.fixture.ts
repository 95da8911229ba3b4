import { INestApplication, LoggerService } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { deadLetterTopic, topicNames } from '@signstash/contracts';
import { createKafka, ensureTopics } from '@signstash/messaging';
import { applyHttpConventions, loadConfig } from '@signstash/platform';
import { testEnv, uniqueName } from '@signstash/testing';
import { AppModule } from '../app.module';
import { CertificateServiceConfig } from '../certificate-service.config';

/**
 * Certificate service instances in the test process against the real engines, sharing one database,
 * topic prefix and SQLite file of their own; the expiry scheduler runs every second.
 */
export class CertificateServiceTestbed {
  private readonly env = testEnv();
  readonly database: string;
  readonly topics: ReturnType<typeof topicNames>;
  private readonly folder: string;

  constructor(name: string) {
    this.database = uniqueName(name);
    this.topics = topicNames(`${this.database}.`);
    this.folder = mkdtempSync(join(tmpdir(), `${name}-`));
  }

  createTopics(numPartitions: number): Promise<void> {
    const kafka = createKafka({ clientId: this.database, brokers: this.env.kafkaBrokers });
    // The client-service topic and its dead-letter topic too: the service consumes it, and a topic made at
    // its start logs "not the leader" while its leader is elected.
    const deadLetters = deadLetterTopic(this.topics.clientServices, this.database);
    const signatureDeadLetters = deadLetterTopic(this.topics.signatures, `${this.database}.signatures`);
    return ensureTopics(
      kafka,
      [
        this.topics.certificates,
        this.topics.clientServices,
        this.topics.signatures,
        deadLetters,
        signatureDeadLetters,
      ].map((topic) => ({
        topic,
        numPartitions,
        replicationFactor: 1,
      })),
    );
  }

  async start(
    options: {
      customise?: (builder: TestingModuleBuilder) => void;
      logger?: LoggerService;
      /** More variables, e.g. `EVENT_STORE: 'postgres'` with its `POSTGRES_URL`. */
      env?: Record<string, string>;
    } = {},
  ): Promise<INestApplication> {
    const config = loadConfig('certificate-service', CertificateServiceConfig, {
      MONGO_URL: this.env.mongoUrl,
      MONGO_DB: this.database,
      CONSUMER_GROUP: this.database,
      KAFKA_BROKERS: this.env.kafkaBrokers.join(','),
      SQLITE_PATH: join(this.folder, 'events.sqlite'),
      EXPIRY_CHECK_INTERVAL_SECONDS: '1',
      KAFKA_TOPIC_PREFIX: `${this.database}.`,
      ...options.env,
    });
    const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
    options.customise?.(builder);
    const moduleRef = await builder.compile();
    const app = applyHttpConventions(
      moduleRef.createNestApplication(options.logger ? { logger: options.logger } : undefined),
    );
    await app.init();
    return app;
  }

  /** Drops what the instances left: call after closing them. */
  async dispose(): Promise<void> {
    const client = await MongoClient.connect(this.env.mongoUrl);
    await client.db(this.database).dropDatabase();
    await client.close();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
