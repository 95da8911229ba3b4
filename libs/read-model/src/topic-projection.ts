import type { AnyBulkWriteOperation, Db, Document, IndexDescription } from 'mongodb';
import type { IntegrationEnvelope } from '@signstash/contracts';
import { writeOperations } from './projection-writer';

/**
 * A read model built from another service's integration events, as they arrive from Kafka. It is
 * written as a projection is (see projection.ts): `apply` returns idempotent operations on its own
 * collection only (`createOnce`, `updateIfNewer` guarded by the envelope's `streamRevision`), and it is
 * specced with `projectionSpec`. Unlike a projection it has no event store to rebuild from: its one
 * collection is the live one, and the consumer's committed offsets are its checkpoint.
 */
export interface TopicProjection<
  Envelope extends IntegrationEnvelope = IntegrationEnvelope,
  Doc extends Document = Document,
> {
  name: string;
  collection: string;
  apply(envelope: Envelope): AnyBulkWriteOperation<Doc>[];
  /** Created on the collection before the first write (see `applyEnvelopes`). */
  indexes?: IndexDescription[];
}

export const defineTopicProjection = <Envelope extends IntegrationEnvelope, Doc extends Document>(
  projection: TopicProjection<Envelope, Doc>,
): TopicProjection<Envelope, Doc> => projection;

/** Writes the envelopes' operations, in order, to the projection's collection: what its consumer's handler does. */
export async function applyEnvelopes<Envelope extends IntegrationEnvelope, Doc extends Document>(
  projection: TopicProjection<Envelope, Doc>,
  db: Db,
  envelopes: readonly Envelope[],
): Promise<void> {
  await writeOperations(
    db.collection<Doc>(projection.collection),
    envelopes.flatMap((envelope) => projection.apply(envelope)),
  );
}

/** Creates the projection's indexes: run once when its service starts, before its consumer. */
export async function prepareTopicProjection(
  projection: Pick<TopicProjection, 'collection' | 'indexes'>,
  db: Db,
): Promise<void> {
  if (projection.indexes?.length) await db.collection(projection.collection).createIndexes(projection.indexes);
}
