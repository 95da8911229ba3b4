import type { AppendResult, ExpectedRevision, NewEvent } from './event-store.port';

/** One appendToStream call waiting in an adapter's group commit. */
export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

/** What became of one request of a group: each succeeds or fails on its own. */
export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };
