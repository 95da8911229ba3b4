import type { RecordedEvent } from '@signstash/event-store';
import { checkpointId, createOnce, physicalCollectionName, updateIfNewer } from './projection';

const event = (revision: number, position: bigint): RecordedEvent => ({
  eventId: 'e',
  type: 'Changed',
  data: {},
  metadata: {},
  streamId: 'thing-1',
  revision,
  position,
  recordedAt: new Date(0),
});

describe('projection helpers', () => {
  it('names the physical collection and the checkpoint after the version', () => {
    const projection = { name: 'certificate-list', collection: 'certificate_list', version: 3 };
    expect(physicalCollectionName(projection)).toBe('certificate_list_v3');
    expect(checkpointId(projection)).toBe('certificate-list@v3');
  });

  it('createOnce inserts on first sight and changes nothing afterwards', () => {
    expect(createOnce({ _id: 'a', name: 'x' })).toEqual({
      updateOne: { filter: { _id: 'a' }, update: { $setOnInsert: { _id: 'a', name: 'x' } }, upsert: true },
    });
  });

  it('updateIfNewer guards on the stream revision and records it', () => {
    expect(updateIfNewer('a', event(4, 90n), { $set: { name: 'y' }, $inc: { count: 1 } })).toEqual({
      updateOne: {
        filter: { _id: 'a', revision: { $lt: 4 } },
        update: { $set: { name: 'y', revision: 4 }, $inc: { count: 1 } },
      },
    });
  });

  it('updateIfNewer can guard on the global position, for documents fed by several streams', () => {
    expect(
      updateIfNewer('a', event(4, 90n), { $set: { name: 'y' } }, { by: 'position', field: 'lastPosition' }),
    ).toEqual({
      updateOne: {
        filter: { _id: 'a', lastPosition: { $lt: 90n } },
        update: { $set: { name: 'y', lastPosition: 90n } },
      },
    });
  });
});
