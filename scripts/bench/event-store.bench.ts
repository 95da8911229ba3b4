/**
 * SQLite event store throughput against raw better-sqlite3 and emmett-sqlite, all at the same
 * durability: WAL + synchronous=FULL (emmett's node-sqlite3 build defaults WAL connections to FULL).
 * Sized by event counts; prints events/s and the ratios. Run: npx tsx scripts/bench/event-store.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchSubject, emmett, raw, signstash } from './event-store-subjects';

interface Sizes {
  single: number;
  batches: number;
  rounds: number;
}

const BATCH = 100;
const WRITERS = 50;
const READ_ROWS = 20_000;
const PAGE = 1000;
// emmett is two orders of magnitude slower per append: fewer events keep its cases to a few seconds.
const ours: Sizes = { single: 3000, batches: 200, rounds: 100 };
const theirs: Sizes = { single: 500, batches: 50, rounds: 10 };

const dir = mkdtempSync(join(tmpdir(), 'event-store-bench-'));
let files = 0;
const file = () => join(dir, `bench-${files++}.sqlite`);

async function rate(work: () => Promise<number>): Promise<number | string> {
  try {
    const started = process.hrtime.bigint();
    const events = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return events / seconds;
  } catch (error) {
    return `failed: ${String(error).slice(0, 120)}`;
  }
}

const cases: { name: string; run: (subject: BenchSubject, sizes: Sizes, readFile: string) => Promise<number> }[] = [
  { name: 'one writer, single-event appends', run: (s, z) => s.singleAppends(file(), z.single) },
  { name: `one writer, batches of ${BATCH}`, run: (s, z) => s.batchAppends(file(), z.batches, BATCH) },
  { name: `${WRITERS} concurrent writers, different streams`, run: (s, z) => s.concurrentWriters(file(), WRITERS, z.rounds) },
  { name: `global-log read, pages of ${PAGE}`, run: (s, _z, readFile) => s.readAll(readFile, PAGE) },
];

const fmt = (value: number | string) => (typeof value === 'number' ? Math.round(value).toLocaleString('en-US') : value);
const ratio = (a: number | string, b: number | string) => (typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}x` : 'n/a');

async function main() {
  // The read case reads the same rows for signstash and raw (one file), emmett reads its own copy.
  const ourReadFile = file();
  await signstash.batchAppends(ourReadFile, READ_ROWS / BATCH, BATCH);
  const emmettReadFile = file();
  await emmett.batchAppends(emmettReadFile, READ_ROWS / BATCH, BATCH);

  const rows: string[][] = [];
  for (const benchCase of cases) {
    const ourRate = await rate(() => benchCase.run(signstash, ours, ourReadFile));
    const rawRate = await rate(() => benchCase.run(raw, ours, ourReadFile));
    const emmettRate = await rate(() => benchCase.run(emmett, theirs, emmettReadFile));
    rows.push([benchCase.name, fmt(ourRate), fmt(rawRate), ratio(ourRate, rawRate), fmt(emmettRate), ratio(ourRate, emmettRate)]);
  }

  const header = ['case (events/s)', 'signstash', 'raw better-sqlite3', 'vs raw (>=0.7)', 'emmett-sqlite 0.38.5', 'vs emmett (>=10)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  console.log('\nSQLite event store, WAL + synchronous=FULL (every acknowledged append fsynced)');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
