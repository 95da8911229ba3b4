import type { RecordedEvent } from '@signstash/event-store';
import { createOnce, updateIfNewer } from './projection';
import { checkpointId, compareBuilds, parseBuild, physicalCollectionName } from './projection-build';

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

  it('names ops rebuilds of a version apart, orders builds and reads them back from collection names', () => {
    const rebuilt = { name: 'certificate-list', collection: 'certificate_list', version: 3, rebuild: 2 };
    expect(physicalCollectionName(rebuilt)).toBe('certificate_list_v3_r2');
    expect(checkpointId(rebuilt)).toBe('certificate-list@v3_r2');
    expect(checkpointId({ ...rebuilt, rebuild: 0 })).toBe('certificate-list@v3');
    expect(compareBuilds({ version: 3, rebuild: 2 }, { version: 3 })).toBeGreaterThan(0);
    expect(compareBuilds({ version: 3, rebuild: 9 }, { version: 4 })).toBeLessThan(0);
    expect(parseBuild('certificate_list', 'certificate_list_v3_r2')).toEqual({ version: 3, rebuild: 2 });
    expect(parseBuild('certificate_list', 'certificate_list_v3')).toEqual({ version: 3, rebuild: 0 });
    expect(parseBuild('certificate_list', 'certificate_list_raw')).toBeUndefined();
    expect(parseBuild('certificate', 'certificate_list_v3')).toBeUndefined();
  });

  it("createOnce inserts the document (a replay's duplicate is recognised by the writer)", () => {
    expect(createOnce({ _id: 'a', name: 'x' })).toEqual({ insertOne: { document: { _id: 'a', name: 'x' } } });
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

  it('updateIfNewer guards an integration envelope on its source stream revision', () => {
    const ids = { eventId: 'e', issuerId: 'i', aggregateId: 'a' };
    const envelope = { ...ids, type: 'Changed', schemaVersion: 1, occurredAt: '', streamRevision: 7, data: {} };
    expect(updateIfNewer('a', envelope, { $set: { name: 'y' } })).toEqual({
      updateOne: { filter: { _id: 'a', revision: { $lt: 7 } }, update: { $set: { name: 'y', revision: 7 } } },
    });
  });
});
