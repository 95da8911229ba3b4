import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, GlobalPosition } from '@signstash/event-store';
import type { ClientServiceEvent } from '../client-service.aggregate';
import { CLIENT_SERVICE_EVENTS } from '../client-service.stream';

type Registered = Extract<ClientServiceEvent, { type: 'ClientServiceRegistered' }>;

const PAGE = 1000;

/**
 * Which client services use which certificate, read straight from this service's event store up
 * to its head at each lookup: the expiry reaction finds every client service of a certificate
 * without waiting for the list projection (which lags behind a burst of suspensions). A client
 * service keeps its certificate for life, so the registrations alone decide; whether one is
 * ACTIVE is decided on its own stream when it is suspended. Held in memory: an entry per client
 * service ever registered, read once.
 */
@Injectable()
export class ClientServicesByCertificate {
  private readonly byCertificate = new Map<string, Array<{ clientServiceId: string; issuerId: string }>>();
  private position: GlobalPosition = 0n;
  private reading: Promise<void> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The client services of the issuer registered on the certificate, as of every append completed before this call. */
  async of(issuerId: string, certificateId: string): Promise<string[]> {
    return (await this.ofEach([{ issuerId, certificateId }]))[0];
  }

  /** `of` for many certificates, after one read of what was registered since the last lookup. */
  async ofEach(certificates: ReadonlyArray<{ issuerId: string; certificateId: string }>): Promise<string[][]> {
    await this.catchUp();
    return certificates.map(({ issuerId, certificateId }) =>
      (this.byCertificate.get(certificateId) ?? [])
        .filter((entry) => entry.issuerId === issuerId)
        .map((entry) => entry.clientServiceId),
    );
  }

  /** Reads are chained, so each lookup's read starts after it was called and after the reads before it. */
  private catchUp(): Promise<void> {
    const read = this.reading.then(() => this.readNew());
    this.reading = read.catch(() => undefined);
    return read;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const events = await this.store.readAll<Registered>({
        after: this.position,
        maxCount: PAGE,
        filter: { ...CLIENT_SERVICE_EVENTS, eventTypes: ['ClientServiceRegistered'] },
      });
      for (const event of events) {
        const { clientServiceId, issuerId, certificateId } = event.data;
        const users = this.byCertificate.get(certificateId) ?? [];
        if (!users.some((entry) => entry.clientServiceId === clientServiceId))
          users.push({ clientServiceId, issuerId });
        this.byCertificate.set(certificateId, users);
        this.position = event.position;
      }
      if (events.length < PAGE) return;
    }
  }
}
