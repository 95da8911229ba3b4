import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadServiceConfig, SERVICE_CONFIGS } from './service-configs';
import { missingTopicSettings } from './topic-script';

interface ComposeService {
  image?: string;
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | number>;
  healthcheck?: { test: unknown };
  command?: string[];
  restart?: string;
  depends_on?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/** Compose interpolation: `${X:-default}` takes the default; `${X:?message}` must come from the deployer's env. */
const interpolate = (value: string | number): string =>
  String(value).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_all, name: string, op?: string, rest?: string) => {
    if (op === '-') return rest ?? '';
    return `supplied-${name}`;
  });

const envOf = (service: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(compose.services[service]?.environment ?? {}).map(([key, value]) => [key, interpolate(value)]),
  );

describe('docker-compose.yml', () => {
  it.each(SERVICE_CONFIGS.map(([name]) => name))('provides every variable %s requires, well-formed', (name) => {
    expect(compose.services[name]).toBeDefined();
    expect(() => loadServiceConfig(name, envOf(name))).not.toThrow();
    expect(compose.services[name].build?.args?.SERVICE).toBe(name);
    expect(compose.services[name].restart).toBe('unless-stopped');
  });

  it('wires the production engines: PostgreSQL event store (KurrentDB by profile), Kafka, a MongoDB replica set, a mail server', () => {
    for (const service of ['certificate-service', 'client-service-service'] as const) {
      expect(envOf(service)).toMatchObject({
        EVENT_STORE: 'postgres',
        POSTGRES_URL: expect.stringContaining('@postgres:5432/'),
      });
      expect(compose.services[service].depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
      // The card's choice stays one setting away: EVENT_STORE=kurrentdb with the kurrentdb profile.
      expect(() => loadServiceConfig(service, { ...envOf(service), EVENT_STORE: 'kurrentdb' })).not.toThrow();
    }
    expect(compose.services.postgres.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect((compose.services.kurrentdb as { profiles?: string[] }).profiles).toEqual(['kurrentdb']);
    for (const engine of ['postgres', 'kurrentdb', 'kafka', 'mongodb', 'mailpit']) {
      expect(compose.services[engine]?.healthcheck?.test).toBeDefined();
    }
    expect(envOf('certificate-service').MONGO_URL).toContain('replicaSet=');
    expect(envOf('notification-service').SMTP_HOST).toBe('mailpit');
  });

  it('rejects a service env with a required variable missing, naming it', () => {
    const env = envOf('notification-service');
    delete env.SMTP_HOST;
    expect(() => loadServiceConfig('notification-service', env)).toThrow(/SMTP_HOST/);
  });

  it('creates every integration topic with its settings (the operators topic compacted)', () => {
    expect(missingTopicSettings(compose.services['kafka-topics'].command!.join('\n'))).toEqual({});
  });
});
