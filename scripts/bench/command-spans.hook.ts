import { Collection, FindCursor } from 'mongodb';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { SqliteEventStore, streamCategory } from '@signstash/event-store';
import { ProjectionRunner } from '@signstash/read-model';
import { CertificateCommands } from '../../services/certificate-service/src/certificates/certificate-commands.service';
import { FingerprintReservations } from '../../services/certificate-service/src/certificates/fingerprint-reservations';
import { RegisterCertificateController } from '../../services/certificate-service/src/certificates/register-certificate/register-certificate.http.controller';
import { CertificateUpdatesController } from '../../services/certificate-service/src/certificates/certificate-updates.http.controller';
import { StreamOwnership } from '@signstash/event-store';

/**
 * The certificate-commands bench's profile (SIGNSTASH_BENCH_SPANS=1): times every round trip of the
 * command path in the bench's own process — event store reads and appends by stream category, FerretDB
 * calls by collection, the read-your-writes wait per projection, each command, handler and request as a
 * whole — by wrapping the prototypes; `printSpans` prints count, mean, p50 and p99 of each.
 */
const spans = new Map<string, number[]>();
let recording = true;
const record = (name: string, ms: number) => {
  if (!recording) return;
  const list = spans.get(name) ?? [];
  list.push(ms);
  spans.set(name, list);
};

function wrap(proto: object, method: string, label: (self: unknown, args: unknown[]) => string) {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method];
  if (typeof original !== 'function')
    throw new Error(`command-spans: ${method} is gone from the code it times; update the hook`);
  target[method] = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const result = original.apply(this, args);
    const name = label(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).finally(() => record(name, performance.now() - started));
    }
    record(name, performance.now() - started);
    return result;
  };
  // Nest keeps a route's metadata on the method itself.
  for (const key of Reflect.getMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), target[method]);
  }
}

const category = (args: unknown[]) => streamCategory(String(args[0]));
wrap(SqliteEventStore.prototype, 'readStream', (_s, a) => `store.readStream ${category(a)}`);
wrap(SqliteEventStore.prototype, 'appendToStream', (_s, a) => `store.append ${category(a)}`);
wrap(SqliteEventStore.prototype, 'readAll', () => 'store.readAll (subscriptions)');
const collectionName = (self: unknown) => (self as Collection).collectionName.replace(/_v\d+.*$/, '');
for (const method of ['bulkWrite', 'findOne', 'countDocuments', 'updateOne', 'replaceOne', 'insertOne']) {
  wrap(Collection.prototype, method, (self) => `mongo.${method} ${collectionName(self)}`);
}
wrap(
  FindCursor.prototype,
  'toArray',
  (self) => `mongo.find ${String((self as { namespace: { collection?: string } }).namespace.collection)}`,
);
wrap(
  ProjectionRunner.prototype,
  'waitForPosition',
  (self) => `readYourWrites ${(self as ProjectionRunner).projection.name}`,
);
wrap(FingerprintReservations.prototype, 'reserve', () => 'fingerprint reserve (whole)');
wrap(
  FingerprintReservations.prototype,
  'coverOlderCertificates',
  () => 'fingerprint: older certificates covered (once per issuer)',
);
wrap(StreamOwnership.prototype, 'owns', () => 'guard: ownership read');
wrap(CertificateCommands.prototype, 'registerManual', () => 'command: register (read→reserve→append)');
wrap(CertificateCommands.prototype, 'renewManually', () => 'command: renew (read→append)');
wrap(RegisterCertificateController.prototype, 'register', () => 'handler: register (command + RYW)');
wrap(CertificateUpdatesController.prototype, 'renewAccess', () => 'handler: renew (command + RYW)');

// The whole server side of each request: from its arrival to the answer written.
const emit = Server.prototype.emit;
Server.prototype.emit = function (this: Server, event: string, ...args: unknown[]) {
  if (event === 'request') {
    const [request, response] = args as [IncomingMessage, ServerResponse];
    const started = performance.now();
    const kind = request.url?.includes('/renewals') ? 'renew' : 'register';
    response.on('finish', () => record(`server: ${kind} request (arrival → answer)`, performance.now() - started));
  }
  return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
} as typeof emit;

/** Prints the table of what was timed so far, and stops timing. */
export function printSpans(): void {
  const rows = [...spans.entries()].map(([name, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const mean = list.reduce((s, v) => s + v, 0) / list.length;
    return `${name.padEnd(52)} ${String(list.length).padStart(6)} ${mean.toFixed(1).padStart(8)} ${at(0.5).toFixed(1).padStart(8)} ${at(0.99).toFixed(1).padStart(8)}`;
  });
  process.stdout.write(
    `\n${'span'.padEnd(52)} ${'count'.padStart(6)} ${'mean'.padStart(8)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}  (ms)\n${rows.sort().join('\n')}\n`,
  );
  spans.clear();
  recording = false;
}
