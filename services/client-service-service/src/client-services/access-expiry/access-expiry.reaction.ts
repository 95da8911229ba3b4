import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CertificateEnvelope } from '@signstash/contracts';
import type { Counter } from 'prom-client';
import { CertificateViews } from '../../certificate-view/certificate-view';
import { ClientServiceCommands } from '../client-service-commands.service';
import { ACCESS_EXPIRED_REASON } from '../client-service.decider';
import { SUSPENSIONS } from '../client-service.metrics';
import { ClientServicesByCertificate } from './client-services-by-certificate';

type Expired = Extract<CertificateEnvelope, { type: 'AccessExpired' }>;

/**
 * Suspensions started together. Each is a read of its stream (SQLite, in memory of the process) and an
 * append; appends requested in one event-loop turn share one group commit, so a burst of expiries costs
 * a few commits, not one each. The bound only keeps a huge batch from holding every command at once.
 */
const SUSPENSIONS_AT_ONCE = 1000;

/**
 * On AccessExpired: every ACTIVE client service using the certificate is suspended, with the
 * reason and the causing event. The client services of the certificate come from the event store
 * itself (not the list projection, which may lag); each one's own stream decides whether it is
 * ACTIVE, so inactive or already suspended ones get no event. Suspension event ids derive from the
 * cause, so a redelivered AccessExpired suspends nothing twice. Registrations racing with the
 * expiry re-check the certificate view after their own append (see ClientServiceCommands.register):
 * the client services are looked up (again) here once the view is marked expired.
 *
 * A fetched batch of expiries (many accesses expiring at one instant) is handled as one
 * (`onAccessExpiredAll`, the consumer's batch handler): one write of the views, meanwhile one look-up
 * of the client services and their suspensions in shared group commits, then the look-up again.
 * Idempotent per event as a whole, as the batch path records no inbox entries.
 */
@Injectable()
export class AccessExpiryReaction {
  private readonly logger = new Logger(AccessExpiryReaction.name);

  constructor(
    private readonly views: CertificateViews,
    private readonly users: ClientServicesByCertificate,
    private readonly commands: ClientServiceCommands,
    @Inject(SUSPENSIONS) private readonly suspensions: Counter,
  ) {}

  onAccessExpired(envelope: Expired): Promise<number> {
    return this.onAccessExpiredAll([envelope]);
  }

  /** Returns how many client services it suspended (none for an expiry handled before). */
  async onAccessExpiredAll(envelopes: readonly Expired[]): Promise<number> {
    const suspendedOf = new Map<string, number>();
    const tried = new Set<string>();
    const suspendUsers = async () => {
      const users = await this.users.ofEach(
        envelopes.map((envelope) => ({ issuerId: envelope.issuerId, certificateId: envelope.aggregateId })),
      );
      const toSuspend = envelopes
        .flatMap((envelope, i) => users[i].map((clientServiceId) => ({ envelope, clientServiceId })))
        .filter(({ envelope, clientServiceId }) => !tried.has(`${envelope.eventId}/${clientServiceId}`));
      for (const { envelope, clientServiceId } of toSuspend) tried.add(`${envelope.eventId}/${clientServiceId}`);
      for (let start = 0; start < toSuspend.length; start += SUSPENSIONS_AT_ONCE) {
        await Promise.all(
          toSuspend.slice(start, start + SUSPENSIONS_AT_ONCE).map(async ({ envelope, clientServiceId }) => {
            if ((await this.suspend(envelope, clientServiceId)).changed)
              suspendedOf.set(envelope.aggregateId, (suspendedOf.get(envelope.aggregateId) ?? 0) + 1);
          }),
        );
      }
    };
    // The client services registered by now are suspended without waiting for the view write (a
    // FerretDB write per distinct change); those registered meanwhile are looked up again once the
    // views say expired: a registration appended after that look-up sees the expiry in the view.
    await Promise.all([this.views.applyAll(envelopes), suspendUsers()]);
    await suspendUsers();
    const suspended = [...suspendedOf.values()].reduce((sum, count) => sum + count, 0);
    this.suspensions.inc(suspended);
    if (suspendedOf.size === 1) {
      const [[certificateId, count]] = suspendedOf;
      this.logger.log(`certificate ${certificateId}: access expired, ${count} client service(s) suspended`);
    } else if (suspendedOf.size > 1)
      this.logger.log(`${suspendedOf.size} certificates: access expired, ${suspended} client service(s) suspended`);
    return suspended;
  }

  private suspend(envelope: Expired, clientServiceId: string) {
    const actor = {
      issuerId: envelope.issuerId,
      operatorId: 'system',
      correlationId: envelope.correlationId,
      causationId: envelope.eventId,
    };
    return this.commands.suspend(actor, clientServiceId, ACCESS_EXPIRED_REASON, {
      byAccessExpiry: true,
      causeEventId: envelope.eventId,
    });
  }
}
