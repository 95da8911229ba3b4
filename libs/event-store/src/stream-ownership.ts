import type { Ownership } from '@signstash/platform';
import type { EventStore } from './event-store.port';

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
    const [first] = await this.store.readStream(this.streamIdOf(id), { maxCount: 1 });
    return (first?.data as { issuerId?: unknown } | undefined)?.issuerId === issuerId;
  }
}
