import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import type { IntegrationEnvelope } from '@signstash/contracts';
import type { RecordedEvent } from '@signstash/event-store';
import type { Projection } from '../projection';
import type { TopicProjection } from '../topic-projection';
import { writeOperations } from '../projection-writer';

/** An event as a spec states it; ids, revisions, positions and times are filled in. */
export type GivenEvent<Event extends RecordedEvent> = Pick<Event, 'type' | 'data' | 'streamId'> &
  Partial<RecordedEvent>;

/** An envelope as a spec states it; its id, stream revision (counted per aggregate), time and issuer are filled in. */
export type GivenEnvelope<Envelope extends IntegrationEnvelope> = Pick<Envelope, 'type' | 'data' | 'aggregateId'> &
  Partial<IntegrationEnvelope>;

const byId = (a: Document, b: Document) => String(a._id).localeCompare(String(b._id));

/**
 * Given/then for projections, against a real database, for *.int.spec.ts files (uses jest's `expect`):
 * `await projectionSpec(projection, db).given(...events).then([...documents])`. The events are
 * applied, then applied all over again: the documents must come out the same both times and equal
 * the expected ones. Each spec writes a throwaway collection of its own.
 */
export const projectionSpec = <Event extends RecordedEvent, Doc extends Document>(
  projection: Projection<Event, Doc>,
  db: Db,
) => spec(projection, db, (given: GivenEvent<Event>[]) => recorded(given));

/** The same given/then for a topic projection: given integration envelopes, then documents. */
export const topicProjectionSpec = <Envelope extends IntegrationEnvelope, Doc extends Document>(
  projection: TopicProjection<Envelope, Doc>,
  db: Db,
) => spec(projection, db, (given: GivenEnvelope<Envelope>[]) => enveloped(given));

type Applied<Input, Doc extends Document> = Pick<Projection<never, Doc>, 'collection' | 'indexes'> & {
  apply(input: Input): AnyBulkWriteOperation<Doc>[];
};

const spec = <Given, Input, Doc extends Document>(
  projection: Applied<Input, Doc>,
  db: Db,
  complete: (given: Given[]) => Input[],
) => ({
  given: (...given: Given[]) => ({
    then: (expected: Doc[]) => appliedTwice(projection, db, complete(given), expected),
  }),
});

async function appliedTwice<Input, Doc extends Document>(
  projection: Pick<Projection<never, Doc>, 'collection' | 'indexes'> & {
    apply(input: Input): AnyBulkWriteOperation<Doc>[];
  },
  db: Db,
  inputs: Input[],
  expected: Doc[],
): Promise<void> {
  const collection = db.collection<Doc>(`${projection.collection}_spec_${randomUUID().slice(0, 8)}`);
  try {
    if (projection.indexes?.length) await collection.createIndexes(projection.indexes);
    const applyAll = async () => {
      await writeOperations(
        collection,
        inputs.flatMap((input) => projection.apply(input)),
      );
      return (await collection.find().toArray()).sort(byId);
    };
    const once = await applyAll();
    const twice = await applyAll();
    expect(twice).toEqual(once);
    expect(once).toEqual([...expected].sort(byId));
  } finally {
    await collection.drop().catch(() => undefined);
  }
}

function recorded<Event extends RecordedEvent>(given: GivenEvent<Event>[]): Event[] {
  const revisions = new Map<string, number>();
  return given.map((event, index) => {
    const revision = event.revision ?? (revisions.get(event.streamId) ?? -1) + 1;
    revisions.set(event.streamId, revision);
    return {
      eventId: randomUUID(),
      metadata: {},
      position: BigInt(index + 1),
      recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, index)),
      ...event,
      revision,
    } as Event;
  });
}

function enveloped<Envelope extends IntegrationEnvelope>(given: GivenEnvelope<Envelope>[]): Envelope[] {
  const revisions = new Map<string, number>();
  return given.map((envelope, index) => {
    const streamRevision = envelope.streamRevision ?? (revisions.get(envelope.aggregateId) ?? -1) + 1;
    revisions.set(envelope.aggregateId, streamRevision);
    const issuerId = (envelope.data as { issuerId?: unknown }).issuerId;
    return {
      eventId: randomUUID(),
      schemaVersion: 1,
      occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
      issuerId: typeof issuerId === 'string' ? issuerId : 'issuer',
      ...envelope,
      streamRevision,
    } as Envelope;
  });
}
