import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadServiceConfig, SERVICE_CONFIGS } from './service-configs';
import { missingTopicSettings } from './topic-script';

const K8S = join(__dirname, '../../deploy/k8s');

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: any;
}

const manifests: Manifest[] = readdirSync(K8S)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((document) => document.toJS() as Manifest),
  )
  .filter(Boolean);
const named = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);
const deployments = manifests.filter((m) => m.kind === 'Deployment');

/** The env a container gets from its envFrom ConfigMaps and Secrets (as Kubernetes merges them: later wins). */
const envOf = (deployment: Manifest): Record<string, string> => {
  const [container] = deployment.spec.template.spec.containers;
  return Object.assign(
    {},
    ...container.envFrom.map((source: { configMapRef?: { name: string }; secretRef?: { name: string } }) => {
      const found = source.configMapRef
        ? named('ConfigMap', source.configMapRef.name)
        : named('Secret', source.secretRef!.name);
      if (!found) throw new Error(`${deployment.metadata.name} refers to a missing ${JSON.stringify(source)}`);
      return found.data ?? found.stringData;
    }),
    ...(container.env ?? []).map((entry: { name: string; value: string }) => ({ [entry.name]: entry.value })),
  );
};

describe('deploy/k8s manifests', () => {
  it('put everything in the signstash namespace', () => {
    expect(named('Namespace', 'signstash')).toBeDefined();
    for (const manifest of manifests.filter((m) => m.kind !== 'Namespace'))
      expect(manifest.metadata.namespace).toBe('signstash');
  });

  it.each(SERVICE_CONFIGS.map(([name]) => name))(
    'runs %s with 2+ replicas, probes, resources, a Service and a PDB, and an env its config accepts',
    (name) => {
      const deployment = named('Deployment', name)!;
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      const [container] = deployment.spec.template.spec.containers;
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.resources.requests).toBeDefined();
      expect(container.resources.limits).toBeDefined();
      expect(named('Service', name)?.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(named('PodDisruptionBudget', name)?.spec.selector.matchLabels).toEqual(
        deployment.spec.selector.matchLabels,
      );
      const env = envOf(deployment);
      expect(() => loadServiceConfig(name, env)).not.toThrow();
      expect(String(env.PORT)).toBe(String(container.ports[0].containerPort));
    },
  );

  it('takes credentials from the Secret, not from ConfigMaps', () => {
    const secret = named('Secret', 'signstash-secrets')!;
    expect(Object.keys(secret.stringData ?? {})).toEqual(
      expect.arrayContaining(['MONGO_URL', 'POSTGRES_URL', 'POSTGRES_PASSWORD', 'KURRENTDB_CONNECTION_STRING']),
    );
    for (const map of manifests.filter((m) => m.kind === 'ConfigMap')) {
      for (const key of ['MONGO_URL', 'POSTGRES_URL', 'POSTGRES_PASSWORD', 'KURRENTDB_CONNECTION_STRING']) {
        expect(Object.keys(map.data ?? {})).not.toEqual(expect.arrayContaining([key]));
      }
    }
    expect(deployments).toHaveLength(SERVICE_CONFIGS.length);
  });

  it('runs the event-sourced services on the PostgreSQL StatefulSet, probed, its password from the Secret', () => {
    for (const name of ['certificate-service', 'client-service-service']) {
      const env = envOf(named('Deployment', name)!);
      expect(env.EVENT_STORE).toBe('postgres');
      expect(new URL(env.POSTGRES_URL).host).toBe('postgres.signstash.svc:5432');
    }
    const postgres = named('StatefulSet', 'postgres')!;
    const [container] = postgres.spec.template.spec.containers;
    expect(container.readinessProbe.exec.command[0]).toBe('pg_isready');
    expect(container.livenessProbe.exec.command[0]).toBe('pg_isready');
    expect(container.env.find((e: { name: string }) => e.name === 'POSTGRES_PASSWORD').valueFrom.secretKeyRef).toEqual({
      name: 'signstash-secrets',
      key: 'POSTGRES_PASSWORD',
    });
    expect(postgres.spec.volumeClaimTemplates).toHaveLength(1);
    expect(named('Service', 'postgres')?.spec.selector).toEqual(postgres.spec.selector.matchLabels);
  });

  it('creates every topic with its settings (the operators topic compacted), 6 partitions, replication factor 3 and min.insync.replicas 2', () => {
    const script = named('Job', 'kafka-topics')!.spec.template.spec.containers[0].args.join('\n');
    expect(missingTopicSettings(script)).toEqual({});
    expect(script).toMatch(/--partitions 6/);
    expect(script).toMatch(/--replication-factor 3/);
    expect(script).toMatch(/min\.insync\.replicas=2/);
  });
});
