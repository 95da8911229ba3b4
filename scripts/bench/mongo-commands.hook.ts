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
    this.monitorCommands = true;
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

/** The commands sent between `from` and `to` (epoch ms), per service, collection and command. */
export function printMongoCommands(from: number, to: number) {
  const rows = new Map<string, { count: number; documents: number; ms: number }>();
  for (const command of sent) {
    if (command.at < from || command.at > to) continue;
    const key = `${command.service.padEnd(5)} ${`${command.command} ${command.collection}`.padEnd(48)}`;
    const row = rows.get(key) ?? { count: 0, documents: 0, ms: 0 };
    row.count++;
    row.documents += command.documents;
    row.ms += command.ms;
    rows.set(key, row);
  }
  console.log('\nFerretDB commands between T and the last mail (service = database suffix), by round-trip time:');
  for (const [key, row] of [...rows].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      `  ${key} ${String(row.count).padStart(6)} commands ${String(row.documents).padStart(6)} documents written ${String(Math.round(row.ms)).padStart(7)} ms in all`,
    );
}
