import { ExpectedRevision, StreamRevision, WrongExpectedRevisionError } from '../event-store.port';
import type { AppendRequest, AppendOutcome } from '../append-request';

/** What the SQLite writer thread is asked (sqlite-writer.worker.ts) and what it answers. */
export type WriterRequest =
  { kind: 'commit'; id: number; requests: AppendRequest[]; recordedAt: number } | { kind: 'close' };

/**
 * An error as it crosses the thread boundary: a structured clone keeps an Error's message but not its
 * class or fields, and the callers tell a concurrency conflict by its class.
 */
export type ErrorMessage =
  | { kind: 'wrong-revision'; streamId: string; expected: ExpectedRevision; actual: StreamRevision | undefined }
  | { kind: 'error'; name: string; message: string; code?: string };

export type OutcomeMessage = Exclude<AppendOutcome, { ok: false }> | { ok: false; error: ErrorMessage };

export type WriterReply = { id: number; outcomes: OutcomeMessage[] } | { id: number; failed: ErrorMessage };

export function errorToMessage(error: unknown): ErrorMessage {
  if (error instanceof WrongExpectedRevisionError) {
    return { kind: 'wrong-revision', streamId: error.streamId, expected: error.expected, actual: error.actual };
  }
  const {
    name = 'Error',
    message = String(error),
    code,
  } = (error ?? {}) as { name?: string; message?: string; code?: string };
  return { kind: 'error', name, message, code };
}

export function messageToError(message: ErrorMessage): Error {
  if (message.kind === 'wrong-revision') {
    return new WrongExpectedRevisionError(message.streamId, message.expected, message.actual);
  }
  return Object.assign(new Error(message.message), { name: message.name, code: message.code });
}

export const outcomeFromMessage = (outcome: OutcomeMessage): AppendOutcome =>
  outcome.ok ? outcome : { ok: false, error: messageToError(outcome.error) };
