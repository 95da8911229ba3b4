import type { RecordedEvent } from '@signstash/event-store';
import { CLIENT_SERVICE_EVENTS } from '../client-service.stream';
import { createOnce, defineProjection, updateIfNewer } from '@signstash/read-model';
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

export const CLIENT_SERVICE_LIST = 'client_service_list';

export const clientServiceListProjection = defineProjection<
  ClientServiceEvent & RecordedEvent,
  ClientServiceListDocument
>({
  name: 'client-service-list',
  version: 1,
  collection: CLIENT_SERVICE_LIST,
  filter: CLIENT_SERVICE_EVENTS,
  indexes: [{ key: { issuerId: 1, nameLower: 1 } }, { key: { certificateId: 1, status: 1 } }],
  apply(event) {
    const id = event.data.clientServiceId;
    const touched = { updatedAt: event.data.at };
    switch (event.type) {
      case 'ClientServiceRegistered': {
        const { issuerId, certificateId, name, status, suspension, at } = event.data;
        return [
          createOnce<ClientServiceListDocument>({
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
            revision: event.revision,
          }),
        ];
      }
      case 'ClientServiceSuspended':
        return [
          updateIfNewer(id, event, {
            $set: {
              ...touched,
              status: 'SUSPENDED',
              statusReason: event.data.reason,
              suspendedByExpiry: event.data.byAccessExpiry,
              ...(event.data.causeEventId ? { causeEventId: event.data.causeEventId } : {}),
            },
          }),
        ];
      case 'ClientServiceActivated':
        return [
          updateIfNewer(id, event, {
            $set: { ...touched, status: 'ACTIVE', suspendedByExpiry: false },
            $unset: { statusReason: '', causeEventId: '' },
          }),
        ];
      case 'ClientServiceDeactivated':
        return [
          updateIfNewer(id, event, {
            $set: { ...touched, status: 'INACTIVE', statusReason: event.data.reason, suspendedByExpiry: false },
            $unset: { causeEventId: '' },
          }),
        ];
      default:
        return [];
    }
  },
});
