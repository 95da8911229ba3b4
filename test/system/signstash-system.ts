import type { INestApplication, LogLevel } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { TopicNames, topicNames } from '@signstash/contracts';
import { createKafka, ensureTopics, integrationTopicSpecs } from '@signstash/messaging';
import { applyHttpConventions, loadConfig, type SecurityHeaders } from '@signstash/platform';
import { createTestDatabase, testEnv, TestDatabase, uniqueName, writeLocalTestCaFile } from '@signstash/testing';
import { AppModule as CertificateApp } from '../../services/certificate-service/src/app.module';
import { CertificateServiceConfig } from '../../services/certificate-service/src/certificate-service.config';
import { AppModule as ClientServiceApp } from '../../services/client-service-service/src/app.module';
import { ClientServiceServiceConfig } from '../../services/client-service-service/src/client-service-service.config';
import { AppModule as NotificationApp } from '../../services/notification-service/src/app.module';
import { NotificationServiceConfig } from '../../services/notification-service/src/notification-service.config';
import { AppModule as GatewayApp } from '../../services/backoffice-gateway/src/app.module';
import { BackofficeGatewayConfig } from '../../services/backoffice-gateway/src/backoffice-gateway.config';
import { gatewayHeaders, serveWebUi } from '../../services/backoffice-gateway/src/web/web-ui';
import { OperatorDirectory } from '../../services/backoffice-gateway/src/operators/operator-directory.service';
import { OperatorOutboxRelay } from '../../services/backoffice-gateway/src/operators/operator-outbox.relay';
import { GatewaySession } from '@signstash/testing';

export interface SystemOptions {
  expiryIntervalSeconds?: number;
  /** SMTP the notification service uses; the shared Mailpit by default. */
  smtpPort?: number;
  mailInitialBackoffMs?: number;
  mailMaxBackoffMs?: number;
  /** How long a refused mail is retried (the service's default, 24 h, unless given). */
  mailRetryHorizonSeconds?: number;
  /** The event store of certificate-service and client-service-service: a file each (default), or a database of its own on the local PostgreSQL. */
  eventStore?: 'sqlite' | 'postgres';
  /** What the services log (errors and warnings by default); a test reading the logs asks for every level. */
  logLevels?: LogLevel[];
  /** Where the Local test CA's CSC API and OAuth server are (the engines by default): a test may put a proxy between. */
  localTestCa?: { cscUrl: string; oauthUrl: string };
}

/** The secrets of this system's Local test CA, for a test that searches for them where they must never appear. */
export interface CaSecrets {
  clientSecret: string;
  tokenKey: string;
}

const env = testEnv();

/**
 * The four services in this test process, on free ports, against the real engines, each with its
 * own databases, consumer groups and event store file, so test files do not see each other's state.
 */
export class SignstashSystem {
  private constructor(
    readonly run: string,
    readonly apps: {
      certificates: INestApplication;
      clientServices: INestApplication;
      notifications: INestApplication;
      gateway: INestApplication;
    },
    readonly gatewayUrl: string,
    /** Holds the event-sourced services' SQLite files (certificates.sqlite, client-services.sqlite). */
    readonly folder: string,
    /** This system's own topics: its consumers never wade through other runs' history. */
    readonly topics: TopicNames,
    /** With `eventStore: 'postgres'`: the database holding both services' event schemas. */
    readonly eventStoreDatabase: TestDatabase | undefined,
    private readonly startGateway: (port?: number) => Promise<INestApplication>,
    readonly caSecrets: CaSecrets,
  ) {}

  /**
   * Stops the gateway as a deployment does (streams ended, shutdown hooks), runs `meanwhile` while
   * none serves, and starts a new one on the same address.
   */
  async restartGateway(meanwhile?: () => Promise<void>): Promise<void> {
    await this.apps.gateway.close();
    await meanwhile?.();
    this.apps.gateway = await this.startGateway(Number(new URL(this.gatewayUrl).port));
  }

  /** Starts the four services; when one fails to start, those already started are stopped again. */
  static async start(options: SystemOptions = {}): Promise<SignstashSystem> {
    const run = uniqueName('sys');
    const folder = mkdtempSync(join(tmpdir(), `${run}-`));
    const booted: INestApplication[] = [];
    const database = options.eventStore === 'postgres' ? await createTestDatabase(`${run}_events`) : undefined;
    try {
      return await SignstashSystem.boot(run, folder, booted, options, database);
    } catch (error) {
      await SignstashSystem.tearDown(run, folder, booted.reverse(), database).catch(() => undefined);
      throw error;
    }
  }

  private static async boot(
    run: string,
    folder: string,
    booted: INestApplication[],
    options: SystemOptions,
    database: TestDatabase | undefined,
  ): Promise<SignstashSystem> {
    const topics = topicNames(`${run}.`);
    await ensureTopics(
      createKafka({ clientId: run, brokers: env.kafkaBrokers }),
      integrationTopicSpecs(topics, { numPartitions: 3, replicationFactor: 1 }),
    );
    const common = {
      MONGO_URL: env.mongoUrl,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: `${run}.`,
    };
    const eventStore = database ? { EVENT_STORE: 'postgres', POSTGRES_URL: database.url } : {};
    const boot = async (module: unknown, headers?: SecurityHeaders) => {
      const app = applyHttpConventions(
        await NestFactory.create(module as never, { logger: options.logLevels ?? ['error', 'warn'] }),
        headers,
      );
      booted.push(app);
      app.enableShutdownHooks();
      return app;
    };
    const listen = async (app: INestApplication) => {
      await app.listen(0, '127.0.0.1');
      return (await app.getUrl()).replace('[::1]', '127.0.0.1');
    };

    // The "Local test CA" on the CSC and OAuth engines, with a client secret and a token key of this run's own.
    const localCa = writeLocalTestCaFile(folder, options.localTestCa);
    const caSecrets = { clientSecret: localCa.clientSecret, tokenKey: randomBytes(32).toString('base64') };
    const certificateEnv = {
      ...common,
      ...eventStore,
      ...localCa.env,
      CA_TOKEN_KEY: caSecrets.tokenKey,
      MONGO_DB: `${run}_cert`,
      CONSUMER_GROUP: `${run}_cert`,
      SQLITE_PATH: join(folder, 'certificates.sqlite'),
      EXPIRY_CHECK_INTERVAL_SECONDS: String(options.expiryIntervalSeconds ?? 1),
    };
    const certificates = await boot(
      CertificateApp.forRoot(
        loadConfig('certificate-service', CertificateServiceConfig, certificateEnv),
        certificateEnv,
      ),
    );
    const clientServices = await boot(
      ClientServiceApp.forRoot(
        loadConfig('client-service-service', ClientServiceServiceConfig, {
          ...common,
          ...eventStore,
          MONGO_DB: `${run}_cs`,
          SQLITE_PATH: join(folder, 'client-services.sqlite'),
          CONSUMER_GROUP: `${run}_cs`,
        }),
      ),
    );
    const notifications = await boot(
      NotificationApp.forRoot(
        loadConfig('notification-service', NotificationServiceConfig, {
          ...common,
          MONGO_DB: `${run}_mail`,
          CONSUMER_GROUP: `${run}_mail`,
          SMTP_HOST: env.smtpHost,
          SMTP_PORT: String(options.smtpPort ?? env.smtpPort),
          BACKOFFICE_PUBLIC_URL: 'http://backoffice.test',
          MAIL_INITIAL_BACKOFF_MS: String(options.mailInitialBackoffMs ?? 200),
          ...(options.mailMaxBackoffMs ? { MAIL_MAX_BACKOFF_MS: String(options.mailMaxBackoffMs) } : {}),
          ...(options.mailRetryHorizonSeconds
            ? { MAIL_RETRY_HORIZON_SECONDS: String(options.mailRetryHorizonSeconds) }
            : {}),
        }),
      ),
    );
    const urls = await Promise.all([listen(certificates), listen(clientServices), listen(notifications)]);
    const gatewayConfig = loadConfig('backoffice-gateway', BackofficeGatewayConfig, {
      ...common,
      MONGO_DB: `${run}_gw`,
      NODE_ENV: 'development',
      CERTIFICATE_SERVICE_URL: urls[0],
      CLIENT_SERVICE_SERVICE_URL: urls[1],
      NOTIFICATION_SERVICE_URL: urls[2],
    });
    const startGateway = async (port = 0) => {
      const app = await boot(GatewayApp.forRoot(gatewayConfig), gatewayHeaders(gatewayConfig));
      serveWebUi(app, gatewayConfig.WEB_DIST_DIR);
      await app.listen(port, '127.0.0.1');
      return app;
    };
    const gateway = await startGateway();
    const gatewayUrl = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
    return new SignstashSystem(
      run,
      { certificates, clientServices, notifications, gateway },
      gatewayUrl,
      folder,
      topics,
      database,
      startGateway,
      caSecrets,
    );
  }

  /** Creates an operator through the gateway's directory (as the CLI does) and returns its credentials. */
  async createOperator(issuerId: string, role: 'issuer-operator' | 'viewer' = 'issuer-operator', name?: string) {
    const email = `${uniqueName('op')}@${issuerId.replace(/_/g, '-')}.example`;
    const password = 'correct horse battery';
    const operator = await this.apps.gateway
      .get(OperatorDirectory)
      .create({ issuerId, issuerName: issuerId, name: name ?? `Operator ${email.slice(0, 8)}`, email, role, password });
    await this.publishOperatorChanges();
    return { id: operator._id, email, password, name: operator.name };
  }

  /** Publishes the operators' directory events now rather than at the relay's next poll, so mails follow them. */
  async publishOperatorChanges(): Promise<void> {
    await this.apps.gateway.get(OperatorOutboxRelay).drain();
  }

  async login(email: string, password: string): Promise<GatewaySession> {
    return GatewaySession.login(this.gatewayUrl, email, password);
  }

  /** A logged-in operator of a new issuer. */
  async newOperator(issuerId = uniqueName('issuer'), name?: string) {
    const credentials = await this.createOperator(issuerId, 'issuer-operator', name);
    return { issuerId, ...credentials, session: await this.login(credentials.email, credentials.password) };
  }

  async stop(): Promise<void> {
    const { gateway, notifications, clientServices, certificates } = this.apps;
    await SignstashSystem.tearDown(
      this.run,
      this.folder,
      [gateway, notifications, clientServices, certificates],
      this.eventStoreDatabase,
    );
  }

  private static async tearDown(
    run: string,
    folder: string,
    apps: INestApplication[],
    database?: TestDatabase,
  ): Promise<void> {
    for (const app of apps) await app.close();
    await database?.drop();
    const client = await MongoClient.connect(env.mongoUrl);
    try {
      for (const suffix of ['cert', 'cs', 'mail', 'gw']) await client.db(`${run}_${suffix}`).dropDatabase();
    } finally {
      await client.close();
    }
    rmSync(folder, { recursive: true, force: true });
  }
}
