/**
 * Event store throughput against the raw driver and emmett, each table at one durability: SQLite with
 * WAL + synchronous=FULL (emmett's node-sqlite3 build defaults WAL connections to FULL), PostgreSQL
 * with synchronous_commit=on and fsync=on (the local engine). Sized by event counts; prints events/s
 * and the ratios. Run: npm run bench -- event-store (both tables), or one table:
 * npx tsx scripts/bench/event-store.bench.ts sqlite|postgres
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '@signstash/testing';
import { printTable } from './bench-kit';
import { BenchSubject, emmett, raw, signstash } from './event-store-subjects';
import { emmettPostgres, rawPostgres, signstashPostgres } from './event-store-postgres-subjects';

interface Sizes {
  single: number;
  batches: number;
  rounds: number;
}

interface Table {
  title: string;
  subjects: [ours: BenchSubject, raw: BenchSubject, baseline: BenchSubject];
  header: [raw: string, baseline: string, baselineTarget: string];
  /** A fresh place for one run of one subject (a file, a schema, a stream prefix). */
  target(): string;
  /** Where the read case reads: signstash and raw share one target, the baseline has its own. */
  readTargets: [ours: string, baseline: string];
  sizes: [ours: Sizes, baseline: Sizes];
  note: string;
}

const BATCH = 100;
const WRITERS = 50;
const READ_ROWS = 20_000;
const PAGE = 1000;
// The machine is shared: each figure is the best of a few interleaved runs, which filters out
// neighbours' bursts rather than flattering one subject.
const RUNS = 5;

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

const best = (a: number | string | undefined, b: number | string) =>
  typeof a === 'number' && (typeof b !== 'number' || a >= b) ? a : b;
const fmt = (value: number | string) => (typeof value === 'number' ? Math.round(value).toLocaleString('en-US') : value);
const ratio = (a: number | string, b: number | string) =>
  typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}x` : 'n/a';

const cases: { name: string; run: (subject: BenchSubject, sizes: Sizes, target: string) => Promise<number> }[] = [
  { name: 'one writer, single-event appends', run: (s, z, t) => s.singleAppends(t, z.single) },
  { name: `one writer, batches of ${BATCH}`, run: (s, z, t) => s.batchAppends(t, z.batches, BATCH) },
  {
    name: `${WRITERS} concurrent writers, different streams`,
    run: (s, z, t) => s.concurrentWriters(t, WRITERS, z.rounds),
  },
  { name: `global-log read, pages of ${PAGE}`, run: (s, _z, t) => s.readAll(t, PAGE) },
];

async function runTable(table: Table): Promise<void> {
  const [ours, rawSubject, baseline] = table.subjects;
  const [ourSizes, baselineSizes] = table.sizes;
  const [ourRead, baselineRead] = table.readTargets;
  await ours.batchAppends(ourRead, READ_ROWS / BATCH, BATCH);
  await baseline.batchAppends(baselineRead, READ_ROWS / BATCH, BATCH);
  const rows: string[][] = [];
  for (const [index, benchCase] of cases.entries()) {
    const reading = index === cases.length - 1;
    let ourRate: number | string = 'n/a';
    let rawRate: number | string = 'n/a';
    let baselineRate: number | string = 'n/a';
    for (let run = 0; run < RUNS; run++) {
      ourRate = best(ourRate, await rate(() => benchCase.run(ours, ourSizes, reading ? ourRead : table.target())));
      rawRate = best(
        rawRate,
        await rate(() => benchCase.run(rawSubject, ourSizes, reading ? ourRead : table.target())),
      );
      baselineRate = best(
        baselineRate,
        await rate(() => benchCase.run(baseline, baselineSizes, reading ? baselineRead : table.target())),
      );
    }
    rows.push([
      benchCase.name,
      fmt(ourRate),
      fmt(rawRate),
      ratio(ourRate, rawRate),
      fmt(baselineRate),
      ratio(ourRate, baselineRate),
    ]);
  }
  const [rawName, baselineName, baselineTarget] = table.header;
  console.log(`\n${table.title}; best of ${RUNS} runs`);
  printTable(
    ['case (events/s)', 'signstash', rawName, 'vs raw (>=0.7)', baselineName, `vs emmett (${baselineTarget})`],
    rows,
  );
  console.log(table.note);
}

function sqliteTable(dir: string): Table {
  let files = 0;
  const file = () => join(dir, `bench-${files++}.sqlite`);
  return {
    title: 'SQLite event store, WAL + synchronous=FULL (every acknowledged append fsynced)',
    subjects: [signstash, raw, emmett],
    header: ['raw better-sqlite3', 'emmett-sqlite 0.38.5', '>=10'],
    target: file,
    readTargets: [file(), file()],
    // emmett is two orders of magnitude slower per append: fewer events keep its cases to a few seconds.
    sizes: [
      { single: 1500, batches: 100, rounds: 40 },
      { single: 200, batches: 20, rounds: 4 },
    ],
    note:
      `raw: the same table, rows and pragmas without checks; its ${WRITERS}-writer case is one transaction per round of ${WRITERS} rows ` +
      '(ideal group commit); its reads return row objects without decoding JSON. ' +
      `emmett's ${WRITERS} writers take turns (concurrent calls fail in 0.38.5).`,
  };
}

function postgresTable(database: TestDatabase, emmettDb: TestDatabase, emmettReadDb: TestDatabase): Table {
  let schemas = 0;
  const targets = { url: database.url, emmettUrl: emmettDb.url, emmettReadUrl: emmettReadDb.url };
  return {
    title:
      'PostgreSQL 15 event store, synchronous_commit=on + fsync=on (every acknowledged append flushed to the WAL on disk)',
    subjects: [signstashPostgres(targets), rawPostgres(targets), emmettPostgres(targets)],
    header: ['raw pg', 'emmett-postgresql 0.42.0', '>=3'],
    target: () => `bench_${schemas++}`,
    readTargets: ['bench_read', 'read'],
    sizes: [
      { single: 600, batches: 60, rounds: 60 },
      { single: 200, batches: 20, rounds: 6 },
    ],
    note:
      `raw pg: the same table and rows, one INSERT per append (unnest for many rows) without checks, on one connection; its ${WRITERS}-writer ` +
      `case is one INSERT of ${WRITERS} rows per round (ideal group commit); its reads return pg's row objects. ` +
      `emmett: its own database on the same server, expected versions checked, ${WRITERS} writers concurrent on its pool.`,
  };
}

async function main() {
  const only = process.argv[2];
  if (only !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-bench-'));
    try {
      await runTable(sqliteTable(dir));
    } finally {
      // emmett's node-sqlite3 connections finish closing after its promises resolve.
      setTimeout(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }), 500);
    }
  }
  if (only !== 'sqlite') {
    const databases = await Promise.all(['bench_events', 'bench_emmett', 'bench_emmett_read'].map(createTestDatabase));
    try {
      await runTable(postgresTable(databases[0], databases[1], databases[2]));
    } finally {
      await Promise.all(databases.map((database) => database.drop()));
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
