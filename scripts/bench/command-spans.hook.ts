import { Collection, FindCursor } from 'mongodb';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { SqliteEventStore, streamCategory } from '@signstash/event-store';
import { ProjectionRunner } from '@signstash/read-model';
import { CertificateCommands } from '../../services/certificate-service/src/certificates/certificate-commands.service';
import { FingerprintReservations } from '../../services/certificate-service/src/certificates/fingerprint-reservations';
import { RegisterCertificateController } from '../../services/certificate-service/src/certificates/register-certificate/register-certificate.http.controller';
import { CertificateUpdatesController } from '../../services/certificate-service/src/certificates/certificate-updates.http.controller';
import { StreamOwnership } from '@signstash/event-store';
import { cursorCollection, printSpans, record, wrap } from './spans-kit';

/**
 * The certificate-commands bench's profile (SIGNSTASH_BENCH_SPANS=1): times every round trip of the
 * command path in the bench's own process — event store reads and appends by stream category, FerretDB
 * calls by collection, the read-your-writes wait per projection, each command, handler and request as a
 * whole — by wrapping the prototypes; `printSpans` prints count, mean, p50 and p99 of each.
 */
const category = (args: unknown[]) => streamCategory(String(args[0]));
wrap(SqliteEventStore.prototype, 'readStream', (_s, a) => `store.readStream ${category(a)}`);
wrap(SqliteEventStore.prototype, 'appendToStream', (_s, a) => `store.append ${category(a)}`);
wrap(SqliteEventStore.prototype, 'readAll', () => 'store.readAll (subscriptions)');
const collectionName = (self: unknown) => (self as Collection).collectionName.replace(/_v\d+.*$/, '');
for (const method of ['bulkWrite', 'findOne', 'countDocuments', 'updateOne', 'replaceOne', 'insertOne']) {
  wrap(Collection.prototype, method, (self) => `mongo.${method} ${collectionName(self)}`);
}
wrap(FindCursor.prototype, 'toArray', (self) => `mongo.find ${cursorCollection(self)}`);
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

export { printSpans };
