import type { Ownership } from '@signstash/platform';
import type { DomainEvent } from './decider';
import type { EventStore } from './event-store.port';

/** What this reads of any aggregate's first event: every registration names its issuer. */
type Registration = DomainEvent<string, { issuerId?: unknown }>;

/**
 * An aggregate's issuer, from the first event of its stream (the registration carries `issuerId`
 * and an aggregate never changes issuer). The event store is the truth: no projection lag.
 */
export class StreamOwnership implements Ownership {
  constructor(
    private readonly store: EventStore,
    private readonly streamIdOf: (id: string) => string,
  ) {}

  async owns(issuerId: string, id: string): Promise<boolean> {
    const [first] = await this.store.readStream<Registration>(this.streamIdOf(id), { maxCount: 1 });
    return first?.data.issuerId === issuerId;
  }

  /**
   * The aggregate's stream revision now, in the store: what another service's view of it must have
   * reached before a command naming it is decided there (read-your-writes across services).
   * Undefined for none or another issuer's.
   */
  async revision(issuerId: string, id: string): Promise<number | undefined> {
    const events = await this.store.readStream<Registration>(this.streamIdOf(id));
    const [first] = events;
    if (first?.data.issuerId !== issuerId) return undefined;
    return Number(events[events.length - 1].revision);
  }
}
