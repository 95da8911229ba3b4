import type { AnyBulkWriteOperation } from 'mongodb';
import type { RecordedEvent } from '@signstash/event-store';
import type { ClientServiceEvent, ClientServiceStatus } from '../client-service.aggregate';

/** One row of the client services list; also how the expiry reaction finds who to suspend. */
export interface ClientServiceListDocument {
  _id: string;
  issuerId: string;
  certificateId: string;
  name: string;
  nameLower: string;
  status: ClientServiceStatus;
  statusReason?: string;
  /** Suspended by the certificate's access expiry: what "reactivate after renewal" undoes. */
  suspendedByExpiry: boolean;
  causeEventId?: string;
  registeredAt: string;
  updatedAt: string;
  revision: number;
}

type Op = AnyBulkWriteOperation<ClientServiceListDocument>;

const guarded = (event: RecordedEvent, id: string, update: Record<string, unknown>): Op[] => [
  { updateOne: { filter: { _id: id, revision: { $lt: event.revision } }, update: { ...update, $set: { ...(update.$set as object), revision: event.revision, updatedAt: (event.data as { at: string }).at } } } },
];

export function clientServiceListOps(recorded: RecordedEvent): Op[] {
  const event = recorded as unknown as ClientServiceEvent & RecordedEvent;
  const id = event.data.clientServiceId;
  switch (event.type) {
    case 'ClientServiceRegistered': {
      const { issuerId, certificateId, name, status, suspension, at } = event.data;
      const document: ClientServiceListDocument = {
        _id: id,
        issuerId,
        certificateId,
        name,
        nameLower: name.toLowerCase(),
        status,
        ...(suspension ? { statusReason: suspension.reason } : {}),
        suspendedByExpiry: suspension?.byAccessExpiry ?? false,
        registeredAt: at,
        updatedAt: at,
        revision: recorded.revision,
      };
      return [{ updateOne: { filter: { _id: id }, update: { $setOnInsert: document }, upsert: true } }];
    }
    case 'ClientServiceSuspended':
      return guarded(recorded, id, {
        $set: { status: 'SUSPENDED', statusReason: event.data.reason, suspendedByExpiry: event.data.byAccessExpiry, ...(event.data.causeEventId ? { causeEventId: event.data.causeEventId } : {}) },
      });
    case 'ClientServiceActivated':
      return guarded(recorded, id, { $set: { status: 'ACTIVE', suspendedByExpiry: false }, $unset: { statusReason: '', causeEventId: '' } });
    case 'ClientServiceDeactivated':
      return guarded(recorded, id, { $set: { status: 'INACTIVE', statusReason: event.data.reason, suspendedByExpiry: false }, $unset: { causeEventId: '' } });
    default:
      return [];
  }
}
