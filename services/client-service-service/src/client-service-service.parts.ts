import type { ServiceParts } from '@signstash/messaging';
import { clientServiceListProjection } from './client-services/client-service-list/client-service-list.projection';
import { CLIENT_SERVICE_EVENTS } from './client-services/client-service.stream';
import { toClientServiceEnvelope } from './client-services/relay/client-service-envelope.mapper';

/** The client-service service's background parts: its module and the ops CLI read them. */
export const CLIENT_SERVICE_SERVICE_PARTS = {
  projections: [clientServiceListProjection],
  relays: [
    {
      name: 'client-services-to-kafka',
      topic: 'clientServices',
      filter: CLIENT_SERVICE_EVENTS,
      toEnvelope: toClientServiceEnvelope,
    },
  ],
  /** The certificate view and the suspension of client services on an expiry. */
  consumers: { certificates: { groupSuffix: '', topics: ['certificates'] } },
} satisfies ServiceParts;
