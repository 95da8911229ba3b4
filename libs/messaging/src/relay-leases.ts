import type { Db } from 'mongodb';
import { MongoLease, MongoLeaseOptions } from '@signstash/platform';

/**
 * The relays' leases (collection `relay_leases`, one `MongoLease` per relay name): of the
 * replicas running a relay, the one holding its lease publishes, the others wait to take over.
 */
export class RelayLeases {
  constructor(
    private readonly db: Db,
    private readonly options: Omit<MongoLeaseOptions, 'collectionName'> = {},
    private readonly collectionName = 'relay_leases',
  ) {}

  for(relay: string): MongoLease {
    return new MongoLease(this.db, relay, { ...this.options, collectionName: this.collectionName });
  }
}
