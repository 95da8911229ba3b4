import type { AnyBulkWriteOperation, Document, Filter, IndexDescription, UpdateFilter } from 'mongodb';
import type { IntegrationEnvelope } from '@signstash/contracts';
import type { EventFilter, RecordedEvent } from '@signstash/event-store';

/**
 * A read model built from the event log. `apply` returns only write operations on the projection's
 * own collection: that is what makes a rebuild safe, since nothing else (no mail, no Kafka) can run
 * from here.
 *
 * Every operation must be idempotent, because the last batch before a crash is applied again:
 * create documents with `createOnce` (an insert whose duplicate on a replay is recognised), change them with
 * `updateIfNewer` (filtered on the revision stored in the document), or write guarded upserts whose
 * duplicate-key error on a replay the runner recognises as "already applied". One operation per
 * document per event: a second guarded update of the same document for the same event is filtered out.
 */
export interface Projection<Event extends RecordedEvent = RecordedEvent, Doc extends Document = Document> {
  /** Stable name, e.g. `certificate-list`; names the checkpoints and parked events. */
  name: string;
  /** Bump it when `apply` changes what it writes: the new version is rebuilt beside the old one. */
  version: number;
  /** Logical collection readers ask for, e.g. `certificate_list`; stored per build (see projection-build.ts). */
  collection: string;
  filter: EventFilter;
  apply(event: Event): AnyBulkWriteOperation<Doc>[];
  /** Created on each physical collection before the first write. */
  indexes?: IndexDescription[];
}

/** Any projection, whatever its event and document types: what runners and hosts hold. */
export type AnyProjection = Projection<any, any>;

export const defineProjection = <Event extends RecordedEvent, Doc extends Document>(
  projection: Projection<Event, Doc>,
): Projection<Event, Doc> => projection;

/**
 * Inserts the document the first time; on a replay (or when an earlier event's guarded upsert made it)
 * the insert meets the document and the runner, seeing it exists, skips the operation. A plain insert,
 * not an upsert with `$setOnInsert`: FerretDB answers an upsert with a look-up and then the insert, an
 * insert with the insert alone (0.27 against 0.75 ms of FerretDB and PostgreSQL CPU a document,
 * measured in bulks of 3 by three writers), and the upsert dropped top-level empty arrays.
 */
export const createOnce = <Doc extends Document & { _id: string }>(
  document: NoInfer<Doc>,
): AnyBulkWriteOperation<Doc> => ({ insertOne: { document: document as never } });

/**
 * Applies `update` only to a document last written by an older event: `field` holds the stream
 * revision (`by: 'revision'`, for documents fed by one stream) or the global position
 * (`by: 'position'`, for documents fed by several streams). The update sets the field itself.
 * An integration envelope (a topic projection's input) is guarded by its source stream's revision.
 * `where` narrows the guard (an update only for a document in some state); a second update of the same
 * document for the same event then applies only where the first did not.
 */
export function updateIfNewer<Doc extends Document = Document>(
  id: string,
  event: RecordedEvent,
  update: UpdateFilter<NoInfer<Doc>>,
  options?: { by?: 'revision' | 'position'; field?: string; where?: Filter<NoInfer<Doc>> },
): AnyBulkWriteOperation<Doc>;
export function updateIfNewer<Doc extends Document = Document>(
  id: string,
  envelope: IntegrationEnvelope,
  update: UpdateFilter<NoInfer<Doc>>,
  options?: { field?: string; where?: Filter<NoInfer<Doc>> },
): AnyBulkWriteOperation<Doc>;
export function updateIfNewer<Doc extends Document = Document>(
  id: string,
  event: RecordedEvent | IntegrationEnvelope,
  update: UpdateFilter<NoInfer<Doc>>,
  {
    by = 'revision',
    field = by,
    where = {},
  }: { by?: 'revision' | 'position'; field?: string; where?: Filter<NoInfer<Doc>> } = {},
): AnyBulkWriteOperation<Doc> {
  const value = 'streamRevision' in event ? event.streamRevision : by === 'revision' ? event.revision : event.position;
  return {
    updateOne: {
      filter: { ...where, _id: id, [field]: { $lt: value } } as never,
      update: { ...update, $set: { ...(update.$set as object), [field]: value } } as never,
    },
  };
}
