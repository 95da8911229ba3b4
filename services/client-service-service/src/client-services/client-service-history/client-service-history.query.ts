import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import type { ClientServiceEvent, ClientServiceStatus } from '../client-service.aggregate';
import { clientServiceStreamId } from '../client-service.stream';

/** One line of a client service's history: each status it was put in, by whom, why. */
export interface ClientServiceHistoryEntry {
  id: string;
  revision: number;
  type: ClientServiceEvent['type'];
  at: string;
  /** Operator id, or `system` when the service reacted to a certificate event. */
  by: string;
  status: ClientServiceStatus;
  reason?: string;
  byAccessExpiry?: boolean;
}

const statusAfter = (event: ClientServiceEvent): ClientServiceStatus => {
  switch (event.type) {
    case 'ClientServiceRegistered':
      return event.data.status;
    case 'ClientServiceSuspended':
      return 'SUSPENDED';
    case 'ClientServiceActivated':
      return 'ACTIVE';
    case 'ClientServiceDeactivated':
      return 'INACTIVE';
  }
};

const reasonOf = (event: ClientServiceEvent): { reason?: string; byAccessExpiry?: boolean } => {
  switch (event.type) {
    case 'ClientServiceRegistered':
      return event.data.suspension
        ? { reason: event.data.suspension.reason, byAccessExpiry: event.data.suspension.byAccessExpiry }
        : {};
    case 'ClientServiceSuspended':
      return { reason: event.data.reason, byAccessExpiry: event.data.byAccessExpiry };
    case 'ClientServiceDeactivated':
      return { reason: event.data.reason };
    case 'ClientServiceActivated':
      return {};
  }
};

/**
 * A client service's history, newest first, read from its own stream: the stream is short (a line per
 * status change) and is the record itself, so no read model is kept for it.
 */
@Injectable()
export class ClientServiceHistory {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async of(clientServiceId: string): Promise<{ items: ClientServiceHistoryEntry[] }> {
    const events = await this.store.readStream<ClientServiceEvent>(clientServiceStreamId(clientServiceId));
    const items = events.map((event) => ({
      id: event.eventId,
      revision: event.revision,
      type: event.type,
      at: event.data.at,
      by: event.data.by,
      status: statusAfter(event),
      ...reasonOf(event),
    }));
    return { items: items.reverse() };
  }
}
