import type { ServiceParts } from '@signstash/messaging';

/** The gateway's background parts: its module reads them. */
export const BACKOFFICE_GATEWAY_PARTS = {
  projections: [],
  relays: [],
  consumers: {},
  /** Operator directory events, from the operators' outboxes (see operator-outbox.relay.ts). */
  outboxRelays: { operators: { name: 'operator-outbox', topic: 'operators' } },
  /** The browsers' live streams: every instance reads every event of these topics (see live-events.hub.ts). */
  broadcasts: { live: { groupPrefix: 'backoffice-gateway.live', topics: ['certificates', 'clientServices'] } },
} satisfies ServiceParts;
