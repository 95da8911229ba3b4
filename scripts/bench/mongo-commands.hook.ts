import { readdirSync, readFileSync } from 'node:fs';
import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';

/**
 * The expiry-latency bench's FerretDB profile (SIGNSTASH_BENCH_MONGO=1): every command the services'
 * MongoDB clients send, by database (one per service), collection and command, with the documents it
 * writes and its round trip, so the writes that compete with the mails in a burst can be counted
 * between two instants (`printMongoCommands(from, to)`).
 */
interface Sent {
  at: number;
  service: string;
  command: string;
  collection: string;
  documents: number;
  ms: number;
}

const sent: Sent[] = [];
const started = new Map<number, Omit<Sent, 'ms'> & { clock: number }>();
const ignored = new Set(['hello', 'isMaster', 'ping', 'endSessions', 'buildInfo', 'saslStart', 'saslContinue']);
const documentsOf = (event: CommandStartedEvent) => {
  const command = event.command as Record<string, unknown>;
  for (const key of ['documents', 'updates', 'deletes'])
    if (Array.isArray(command[key])) return (command[key] as unknown[]).length;
  return 0;
};

const connect = MongoClient.prototype.connect;
const watched = new WeakSet<MongoClient>();
MongoClient.prototype.connect = function (this: MongoClient) {
  if (!watched.has(this)) {
    watched.add(this);
    // The client reads its options when it connects (the typings do not show the setter).
    (this as unknown as { monitorCommands: boolean }).monitorCommands = true;
    this.on('commandStarted', (event: CommandStartedEvent) => {
      if (ignored.has(event.commandName)) return;
      const target = (event.command as Record<string, unknown>)[event.commandName];
      started.set(event.requestId, {
        at: Date.now(),
        clock: performance.now(),
        service: event.databaseName.replace(/^.*_/, ''),
        command: event.commandName,
        collection: typeof target === 'string' ? target.replace(/_v\d+.*$/, '') : '',
        documents: documentsOf(event),
      });
    });
    const done = (event: Pick<CommandSucceededEvent, 'requestId'>) => {
      const start = started.get(event.requestId);
      if (!start) return;
      started.delete(event.requestId);
      const { clock, ...rest } = start;
      sent.push({ ...rest, ms: performance.now() - clock });
    };
    this.on('commandSucceeded', done);
    this.on('commandFailed', done);
  }
  return connect.call(this);
} as typeof connect;

/** CPU seconds used so far by every process of the machine, by command name (ferretdb, postgres, mailpit, node…). */
function cpuByProcessName(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks (100 a second here).
      totals.set(name, (totals.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The process ended meanwhile.
    }
  }
  return totals;
}

const cpuSamples: Array<{ at: number; cpu: Map<string, number> }> = [];
setInterval(() => {
  cpuSamples.push({ at: Date.now(), cpu: cpuByProcessName() });
  if (cpuSamples.length > 1200) cpuSamples.shift();
}, 500).unref();

/** The commands sent between `from` and `to` (epoch ms), per service, collection and command. */
export function printMongoCommands(from: number, to: number) {
  const rows = new Map<string, { count: number; documents: number; ms: number; first: number; last: number }>();
  for (const command of sent) {
    if (command.at < from || command.at > to) continue;
    const key = `${command.service.padEnd(5)} ${`${command.command} ${command.collection}`.padEnd(48)}`;
    const row = rows.get(key) ?? { count: 0, documents: 0, ms: 0, first: command.at - from, last: 0 };
    row.last = command.at - from;
    row.count++;
    row.documents += command.documents;
    row.ms += command.ms;
    rows.set(key, row);
  }
  console.log('\nFerretDB commands between T and the last mail (service = database suffix), by round-trip time:');
  for (const [key, row] of [...rows].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      `  ${key} ${String(row.count).padStart(6)} commands ${String(row.documents).padStart(6)} documents written ${String(Math.round(row.ms)).padStart(7)} ms in all` +
        `, T+${(row.first / 1000).toFixed(1)}…${(row.last / 1000).toFixed(1)} s`,
    );
  const near = (at: number) =>
    cpuSamples.reduce((best, sample) => (Math.abs(sample.at - at) < Math.abs(best.at - at) ? sample : best));
  if (cpuSamples.length < 2) return;
  const [start, end] = [near(from), near(to)];
  const used = [...end.cpu].map(([name, total]) => [name, total - (start.cpu.get(name) ?? 0)] as const);
  const span = (end.at - start.at) / 1000;
  console.log(`CPU of the machine's processes over those ${span.toFixed(1)} s (cores busy on average, 2 in all):`);
  for (const [name, seconds] of used.filter(([, seconds]) => seconds > 0.05 * span).sort((a, b) => b[1] - a[1]))
    console.log(`  ${name.padEnd(16)} ${(seconds / span).toFixed(2)}`);
}
