import { randomUUID } from 'node:crypto';
import type { Db, Document } from 'mongodb';
import type { RecordedEvent } from '@signstash/event-store';
import type { Projection } from '../projection';
import { writeOperations } from '../projection-writer';

/** An event as a spec states it; ids, revisions, positions and times are filled in. */
export type GivenEvent<Event extends RecordedEvent> = Pick<Event, 'type' | 'data' | 'streamId'> &
  Partial<RecordedEvent>;

const byId = (a: Document, b: Document) => String(a._id).localeCompare(String(b._id));

/**
 * Given/then for projections, against a real database, for *.int.spec.ts files (uses jest's `expect`):
 * `await projectionSpec(projection, db).given(...events).then([...documents])`. The events are
 * applied, then applied all over again: the documents must come out the same both times and equal
 * the expected ones. Each spec writes a throwaway collection of its own.
 */
export function projectionSpec<Event extends RecordedEvent, Doc extends Document>(
  projection: Projection<Event, Doc>,
  db: Db,
) {
  return {
    given: (...given: GivenEvent<Event>[]) => ({
      then: async (expected: Doc[]): Promise<void> => {
        const events = recorded(given);
        const collection = db.collection<Doc>(`${projection.collection}_spec_${randomUUID().slice(0, 8)}`);
        try {
          if (projection.indexes?.length) await collection.createIndexes(projection.indexes);
          const applyAll = async () => {
            await writeOperations(
              collection,
              events.flatMap((event) => projection.apply(event)),
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
      },
    }),
  };
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
