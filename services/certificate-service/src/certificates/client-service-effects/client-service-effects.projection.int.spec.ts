import type { ClientServiceIntegrationEvent } from '@signstash/contracts';
import { GivenEnvelope, topicProjectionSpec } from '@signstash/read-model/testing';
import { specDatabase } from '@signstash/testing';
import { ClientServiceEffectsDocument, clientServiceEffectsProjection } from './client-service-effects.projection';

type Given = GivenEnvelope<Parameters<typeof clientServiceEffectsProjection.apply>[0]>;

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 10, minute)).toISOString();
const fact = (clientServiceId: string, by: string, minute: number) => ({
  clientServiceId,
  issuerId: 'issuer-a',
  certificateId: 'cert-1',
  by,
  at: at(minute),
});
const envelope = (eventId: string, streamRevision: number, event: ClientServiceIntegrationEvent): Given =>
  ({ ...event, eventId, aggregateId: event.data.clientServiceId, streamRevision }) as Given;

const expiry = { reason: 'certificate access expired', byAccessExpiry: true, causeEventId: 'expired-1' };
const story = [
  envelope('e1', 0, {
    type: 'ClientServiceRegistered',
    data: { ...fact('cs-1', 'ana', 0), name: 'Billing', status: 'ACTIVE' },
  }),
  envelope('e2', 1, { type: 'ClientServiceSuspended', data: { ...fact('cs-1', 'system', 1), ...expiry } }),
  envelope('e3', 2, { type: 'ClientServiceActivated', data: fact('cs-1', 'ana', 2) }),
  // Suspended by an operator, then activated: not because of the certificate, so no line.
  envelope('e4', 3, {
    type: 'ClientServiceSuspended',
    data: { ...fact('cs-1', 'ana', 3), reason: 'maintenance', byAccessExpiry: false },
  }),
  envelope('e5', 4, { type: 'ClientServiceActivated', data: fact('cs-1', 'ana', 4) }),
  envelope('e6', 0, {
    type: 'ClientServiceRegistered',
    data: {
      ...fact('cs-2', 'bob', 5),
      name: 'Archive',
      status: 'SUSPENDED',
      suspension: { reason: 'certificate access expired', byAccessExpiry: true },
    },
  }),
  envelope('e7', 1, { type: 'ClientServiceDeactivated', data: { ...fact('cs-2', 'bob', 6), reason: 'retired' } }),
];

describe('client-service effects projection (real FerretDB)', () => {
  const db = specDatabase('client_service_effects_spec');
  const billing = { _id: 'cs-1', issuerId: 'issuer-a', certificateId: 'cert-1', name: 'Billing' };
  const archive = { _id: 'cs-2', issuerId: 'issuer-a', certificateId: 'cert-1', name: 'Archive' };
  const suspendedByExpiry = {
    _id: 'e2',
    type: 'ClientServiceSuspended',
    revision: 1,
    at: at(1),
    by: 'system',
  } as const;

  it('keeps the suspension by the expiry and the reactivation after it, once each, whatever is delivered again', () =>
    topicProjectionSpec(clientServiceEffectsProjection, db())
      .given(...story, story[1], story[2])
      .then([
        {
          ...billing,
          suspendedByExpiry: false,
          revision: 4,
          effects: [
            suspendedByExpiry,
            { _id: 'e3', type: 'ClientServiceActivated', revision: 2, at: at(2), by: 'ana' },
          ],
        },
        {
          ...archive,
          suspendedByExpiry: false,
          revision: 1,
          effects: [{ _id: 'e6', type: 'ClientServiceRegistered', revision: 0, at: at(5), by: 'bob' }],
        },
      ] satisfies ClientServiceEffectsDocument[]));

  it('tells a suspension by the expiry until the client service is activated, and has no line without one', () =>
    topicProjectionSpec(clientServiceEffectsProjection, db())
      .given(...story.slice(0, 2))
      .then([{ ...billing, suspendedByExpiry: true, revision: 1, effects: [suspendedByExpiry] }]));

  it('writes no line for an activation after an operator suspension', () =>
    topicProjectionSpec(clientServiceEffectsProjection, db())
      .given(story[0], story[3], story[4])
      .then([{ ...billing, suspendedByExpiry: false, revision: 4 }]));
});
