import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CertificateEnvelope } from '@signstash/contracts';
import type { Counter } from 'prom-client';
import { CertificateViews } from '../../certificate-view/certificate-view';
import { ClientServiceCommands } from '../client-service-commands.service';
import { ACCESS_EXPIRED_REASON } from '../client-service.decider';
import { SUSPENSIONS } from '../client-service.metrics';
import { ClientServicesByCertificate } from './client-services-by-certificate';

/** Client services of one certificate suspended at once. */
const SUSPENSIONS_AT_ONCE = 8;

/**
 * On AccessExpired: every ACTIVE client service using the certificate is suspended, with the
 * reason and the causing event. The client services of the certificate come from the event store
 * itself (not the list projection, which may lag); each one's own stream decides whether it is
 * ACTIVE, so inactive or already suspended ones get no event. Suspension event ids derive from the
 * cause, so a redelivered AccessExpired suspends nothing twice. Registrations racing with the
 * expiry re-check the certificate view after their own append (see ClientServiceCommands.register):
 * the view is marked expired here before the client services are looked up.
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

  async onAccessExpired(envelope: Extract<CertificateEnvelope, { type: 'AccessExpired' }>): Promise<number> {
    await this.views.apply(envelope);
    const certificateId = envelope.aggregateId;
    const clientServiceIds = await this.users.of(envelope.issuerId, certificateId);
    const actor = {
      issuerId: envelope.issuerId,
      operatorId: 'system',
      correlationId: envelope.correlationId,
      causationId: envelope.eventId,
    };
    let suspended = 0;
    for (let start = 0; start < clientServiceIds.length; start += SUSPENSIONS_AT_ONCE) {
      const outcomes = await Promise.all(
        clientServiceIds
          .slice(start, start + SUSPENSIONS_AT_ONCE)
          .map((id) =>
            this.commands.suspend(
              actor,
              id,
              ACCESS_EXPIRED_REASON,
              { byAccessExpiry: true, causeEventId: envelope.eventId },
              { readYourWrites: false },
            ),
          ),
      );
      suspended += outcomes.filter((outcome) => outcome.changed).length;
    }
    this.suspensions.inc(suspended);
    if (suspended > 0)
      this.logger.log(`certificate ${certificateId}: access expired, ${suspended} client service(s) suspended`);
    return suspended;
  }
}
