import { Kafka, logLevel } from 'kafkajs';

/** Small shared pieces of the benchmarks: latency statistics, a bounded pool, table printing. */

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of values already sorted ascending. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export function summarize(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Runs `work(0..count-1)` with at most `inFlight` calls pending at a time. Returns each call's
 * latency (ms) and the wall time of the whole run; the first failure stops the run and is rethrown.
 */
export async function runPool(count: number, inFlight: number, work: (index: number) => Promise<void>) {
  const latencies: number[] = new Array(count);
  let next = 0;
  let failure: unknown;
  const startedAt = nowMs();
  const lane = async () => {
    while (failure === undefined && next < count) {
      const index = next++;
      const began = nowMs();
      try {
        await work(index);
      } catch (error) {
        failure ??= error;
        return;
      }
      latencies[index] = nowMs() - began;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
  if (failure !== undefined) throw failure;
  return { latencies, seconds: (nowMs() - startedAt) / 1000 };
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : 'n/a');
export const perSecond = (count: number, seconds: number) => `${Math.round(count / seconds).toLocaleString('en-US')}/s`;
export const times = (value: number) =>
  Number.isFinite(value) ? `${value >= 0.1 ? value.toFixed(2) : value.toPrecision(2)}x` : 'n/a';

/** A plain aligned table: first column left-aligned, the others right-aligned. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

/** A positive integer from argv, or the default. */
export function countArg(position: number, fallback: number, name: string): number {
  const raw = process.argv[position];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return value;
}

/** Deletes the Kafka topics a bench created under its own prefix (its relay's and any dead-letter topics). */
export async function deleteTopicsWithPrefix(brokers: string[], prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** On Ctrl-C or the runner's time limit: removes what the bench made (databases, topics, files), then exits. */
export function onInterrupt(cleanUp: () => Promise<void>): void {
  let interrupted = false;
  const handle = () => {
    if (interrupted) return;
    interrupted = true;
    void cleanUp()
      .catch(() => undefined)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}
