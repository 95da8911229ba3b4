import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { AppendOutcome } from '../append-request';
import { SqliteEventLog } from './sqlite-event-log';
import { EVENT_STORE_PRAGMAS } from './sqlite-schema';
import { errorToMessage, WriterReply, WriterRequest } from './sqlite-writer.messages';

/**
 * The SQLite event store's write connection, in a worker thread: a group's transaction and its fsync
 * (synchronous=FULL) block this thread, not the service's event loop. Commits one group at a time, in
 * the order they come, and answers each only once its transaction has committed.
 */
const port = parentPort!;
const db = new BetterSqlite3((workerData as { fileName: string }).fileName, { timeout: 5000 });
for (const pragma of EVENT_STORE_PRAGMAS) db.pragma(pragma);
const log = new SqliteEventLog(db);

const toMessage = (outcome: AppendOutcome) =>
  outcome.ok ? outcome : { ok: false as const, error: errorToMessage(outcome.error) };

port.on('message', (message: WriterRequest) => {
  if (message.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { id: message.id, outcomes: log.appendBatch(message.requests, message.recordedAt).map(toMessage) };
  } catch (error) {
    // The commit itself failed (disk full, lock timeout): nothing of the group was written.
    reply = { id: message.id, failed: errorToMessage(error) };
  }
  port.postMessage(reply);
});
