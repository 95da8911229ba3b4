// The usage-reports bench's checks after the run: the crossing latencies, and each report counted once.
import type { INestApplication } from '@nestjs/common';
import type { Db } from 'mongodb';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { MONGO_DB } from '@signstash/platform';
import {
  SIGNATURE_REPORTS,
  SignatureReportDocument,
} from '../../services/certificate-service/src/certificates/signature-usage/signature-usage.documents';
import { ms, printTable, summarize } from './bench-kit';
import {
  Certificate,
  issuerId,
  REPORTS_EACH,
  SENT_EACH,
  SIGNATURES_EACH_REPORT,
  sleep,
} from './usage-reports.scenario';

/** The round whose report takes a certificate past `threshold` signatures (0-based), for the crossing latencies. */
const crossingRound = (threshold: (count: number) => boolean) => {
  for (let round = 0; round < REPORTS_EACH; round++) if (threshold((round + 1) * SIGNATURES_EACH_REPORT)) return round;
  return undefined;
};

export async function crossings(app: INestApplication, certificates: Certificate[], sentAt: number[]) {
  const limits = new Map(certificates.flatMap(({ id, limit }) => (limit === undefined ? [] : [[id, limit]])));
  const warning = [...limits.values()].filter((limit) => limit > SENT_EACH).length;
  const ending = limits.size - warning;
  const store = app.get<EventStore>(EVENT_STORE);
  const read = async () =>
    (await store.readAll({ filter: { eventTypes: ['AccessUsageWarned', 'AccessExpired'] } })).filter(
      (event) => (event.data as { issuerId: string }).issuerId === issuerId,
    );
  const deadline = Date.now() + 30_000;
  let recorded = await read();
  const count = (type: string) => recorded.filter((event) => event.type === type).length;
  while ((count('AccessUsageWarned') < warning || count('AccessExpired') < ending) && Date.now() < deadline) {
    await sleep(200);
    recorded = await read();
  }
  // Latency from publishing the round whose report took the certificate past the line.
  const latencies = (type: string, crossed: (signatures: number, limit: number) => boolean) =>
    recorded
      .filter((event) => event.type === type)
      .map((event) => {
        const limit = limits.get((event.data as { certificateId: string }).certificateId)!;
        const round = crossingRound((signatures) => crossed(signatures, limit))!;
        return event.recordedAt.getTime() - sentAt[round];
      });
  const warned = latencies('AccessUsageWarned', (signatures, limit) => signatures > limit * 0.9);
  const expired = latencies('AccessExpired', (signatures, limit) => signatures >= limit);
  const reasons = new Set(
    recorded.filter((e) => e.type === 'AccessExpired').map((e) => (e.data as { reason?: string }).reason),
  );
  console.log(
    `
crossings: ${warning} certificates sent 95 % of their limit, ${ending} twice theirs; report published -> event recorded in the certificate's stream`,
  );
  const row = (name: string, values: number[]) => {
    const s = summarize(values);
    return [name, String(s.count), ms(s.p50), ms(s.p99), ms(s.max)];
  };
  printTable(
    ['crossing', 'recorded', 'p50', 'p99', 'max'],
    [
      // The certificates that end halfway may also be warned first (when 90 % and 100 % fall in different batches).
      row('90 % -> AccessUsageWarned', warned),
      row('limit -> AccessExpired (reason signatures)', expired),
    ],
  );
  const all = [...warned, ...expired];
  const once = (type: string) =>
    new Set(recorded.filter((e) => e.type === type).map((e) => (e.data as { certificateId: string }).certificateId))
      .size === count(type);
  const met =
    warned.length >= warning &&
    expired.length === ending &&
    once('AccessUsageWarned') &&
    once('AccessExpired') &&
    [...reasons].join() === 'signatures' &&
    Math.max(...all) <= 1000;
  console.log(`every crossing recorded once, within 1 s of its report — ${met ? 'met' : 'NOT met'}`);
  if (!met) process.exitCode = 1;
}

export async function exactlyOnce(app: INestApplication, certificates: Certificate[], rawSignatures: number) {
  // Each stored report is one report id (its `_id`): per period, as many as were sent and their signatures.
  // Tallied here: FerretDB 1.24's `$group` gives 0 for `{ $sum: 1 }` (measured), so it cannot count them.
  const stored = await app
    .get<Db>(MONGO_DB)
    .collection<SignatureReportDocument>(SIGNATURE_REPORTS)
    .find({}, { projection: { period: 1, signatures: 1 } })
    .toArray();
  const periods = new Map<string, { signatures: number; reports: number }>();
  for (const { period, signatures } of stored) {
    const tally = periods.get(period) ?? { signatures: 0, reports: 0 };
    tally.signatures += signatures;
    tally.reports++;
    periods.set(period, tally);
  }
  const usage = [...periods.values()];
  const expected = REPORTS_EACH * SIGNATURES_EACH_REPORT;
  const wrong = usage.filter((period) => period.signatures !== expected || period.reports !== REPORTS_EACH);
  const total = usage.reduce((sum, period) => sum + period.signatures, 0);
  const ok = usage.length === certificates.length && wrong.length === 0 && total === certificates.length * expected;
  console.log(
    `\nexactly once: ${usage.length} periods counted, ${total.toLocaleString('en-US')} signatures ` +
      `(raw read ${rawSignatures.toLocaleString('en-US')} with the duplicates), ${wrong.length} periods off — ${ok ? 'each report counted once' : 'NOT EXACT'}`,
  );
  if (!ok) process.exitCode = 1;
}
