import type { RecordedEvent } from '@signstash/event-store';
import { GivenEvent, projectionSpec } from '@signstash/read-model/testing';
import { specDatabase } from '@signstash/testing';
import type { ClientServiceEvent } from '../client-service.aggregate';
import { ACCESS_EXPIRED_REASON } from '../client-service.decider';
import { clientServiceStreamId } from '../client-service.stream';
import { ClientServiceListDocument, clientServiceListProjection } from './client-service-list.projection';

type Given = GivenEvent<ClientServiceEvent & RecordedEvent>;

const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute)).toISOString();
const fact = (clientServiceId: string, certificateId: string, by: string, minute: number) => ({
  clientServiceId,
  issuerId: 'issuer-a',
  certificateId,
  by,
  at: at(minute),
});
const event = (clientServiceId: string, revision: number, e: ClientServiceEvent): Given => ({
  ...e,
  streamId: clientServiceStreamId(clientServiceId),
  revision,
  eventId: `${clientServiceId}-${revision}`,
});

const story = [
  event('cs-1', 0, {
    type: 'ClientServiceRegistered',
    data: { ...fact('cs-1', 'cert-1', 'op-1', 0), name: 'Invoicing API', status: 'ACTIVE' },
  }),
  event('cs-1', 1, {
    type: 'ClientServiceSuspended',
    data: {
      ...fact('cs-1', 'cert-1', 'system', 1),
      reason: ACCESS_EXPIRED_REASON,
      byAccessExpiry: true,
      causeEventId: 'e9',
    },
  }),
  event('cs-1', 2, { type: 'ClientServiceActivated', data: fact('cs-1', 'cert-1', 'op-1', 2) }),
  event('cs-1', 3, {
    type: 'ClientServiceDeactivated',
    data: { ...fact('cs-1', 'cert-1', 'op-1', 3), reason: 'retired' },
  }),
  // Registered on a certificate whose access had expired: suspended from the start.
  event('cs-2', 0, {
    type: 'ClientServiceRegistered',
    data: {
      ...fact('cs-2', 'cert-2', 'op-1', 4),
      name: 'Batch Signer',
      status: 'SUSPENDED',
      suspension: { reason: ACCESS_EXPIRED_REASON, byAccessExpiry: true },
    },
  }),
];

describe('client-service list projection (real FerretDB)', () => {
  const db = specDatabase('client_service_list_spec');
  const cs2: ClientServiceListDocument = {
    _id: 'cs-2',
    issuerId: 'issuer-a',
    certificateId: 'cert-2',
    name: 'Batch Signer',
    nameLower: 'batch signer',
    status: 'SUSPENDED',
    statusReason: ACCESS_EXPIRED_REASON,
    suspendedByExpiry: true,
    registeredAt: at(4),
    updatedAt: at(4),
    revision: 0,
  };
  const cs1 = {
    _id: 'cs-1',
    issuerId: 'issuer-a',
    certificateId: 'cert-1',
    name: 'Invoicing API',
    nameLower: 'invoicing api',
    registeredAt: at(0),
  };

  it('gives the same rows when the events are applied twice, a late suspension included', () =>
    projectionSpec(clientServiceListProjection, db())
      // The expiry's suspension delivered again after the deactivation (a parked event retried late).
      .given(...story, story[1])
      .then([
        {
          ...cs1,
          status: 'INACTIVE',
          statusReason: 'retired',
          suspendedByExpiry: false,
          updatedAt: at(3),
          revision: 3,
        },
        cs2,
      ]));

  it('marks a suspension by the expiry with its cause until the client service is activated', () =>
    projectionSpec(clientServiceListProjection, db())
      .given(...story.slice(0, 2))
      .then([
        {
          ...cs1,
          status: 'SUSPENDED',
          statusReason: ACCESS_EXPIRED_REASON,
          suspendedByExpiry: true,
          causeEventId: 'e9',
          updatedAt: at(1),
          revision: 1,
        },
      ]));
});
