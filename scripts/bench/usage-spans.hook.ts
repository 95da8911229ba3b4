import { AggregationCursor, Collection, FindCursor } from 'mongodb';
import { SqliteEventStore } from '@signstash/event-store';
import { CertificateCommands } from '../../services/certificate-service/src/certificates/certificate-commands.service';
import { SignatureUsage } from '../../services/certificate-service/src/certificates/signature-usage/signature-usage';
import { SignatureUsageStore } from '../../services/certificate-service/src/certificates/signature-usage/signature-usage.store';
import { cursorCollection, printSpans, record, wrap } from './spans-kit';

/**
 * The usage-reports bench's profile (SIGNSTASH_BENCH_SPANS=1): each fetched batch of reports through
 * the service (its size, how long ago its oldest and newest reports were published when it started,
 * how long it took), and the round trips inside it: the insert, the sums, the limits learnt, the
 * checks and their appends, the warnings recorded. SIGNSTASH_BENCH_TIMELINE=1 adds one line per batch.
 */
const timeline: string[] = [];
const origin = Date.now();
const applyAll = SignatureUsage.prototype.applyAll;
SignatureUsage.prototype.applyAll = async function (this: SignatureUsage, envelopes) {
  const started = Date.now();
  const oldest = started - Date.parse(envelopes[0].data.lastAt);
  const newest = started - Date.parse(envelopes.at(-1)!.data.lastAt);
  try {
    return await applyAll.call(this, envelopes);
  } finally {
    const took = Date.now() - started;
    record('batch: whole (count, check, record)', took);
    record('batch: reports (count, not ms)', envelopes.length);
    record('batch: oldest report published before it', oldest);
    record('batch: newest report published before it', newest);
    const at = ((started - origin) / 1000).toFixed(2);
    timeline.push(`${at} s: ${envelopes.length} reports, published ${newest}–${oldest} ms before, took ${took} ms`);
  }
};
wrap(SignatureUsageStore.prototype, 'countAll', () => 'store.countAll (insert, totals)');
wrap(SignatureUsageStore.prototype, 'warnedAll', () => 'store.warnedAll (one bulkWrite)');
wrap(CertificateCommands.prototype, 'current', () => 'limit learnt: certificate read');
wrap(CertificateCommands.prototype, 'runExpiryCheck', () => 'check: read, decide, append');
wrap(SqliteEventStore.prototype, 'appendToStream', () => 'store.append (SQLite)');
const collection = (self: unknown) => (self as Collection).collectionName;
for (const method of ['insertMany', 'bulkWrite', 'updateOne'])
  wrap(Collection.prototype, method, (self) => `mongo.${method} ${collection(self)}`);
wrap(FindCursor.prototype, 'toArray', (self) => `mongo.find ${cursorCollection(self)}`);
wrap(AggregationCursor.prototype, 'toArray', (self) => `mongo.aggregate ${cursorCollection(self)}`);

/** Prints the spans (and the timeline when asked), and stops timing. */
export function printUsageSpans(): void {
  printSpans();
  if (process.env.SIGNSTASH_BENCH_TIMELINE === '1') console.log(`\n${timeline.join('\n')}`);
}
