import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IntegrationEnvelope } from '@signstash/contracts';
import { CertificateViews } from '../../certificate-view/certificate-view';
import { ClientServiceCommands } from '../client-service-commands.service';
import { ClientServiceQueries } from '../client-service-list/client-service.queries';
import { ACCESS_EXPIRED_REASON } from '../client-service.decider';
import type { Counter } from 'prom-client';
import { SUSPENSIONS } from '../client-service.metrics';

/** Waits until the client-service list has applied every event appended so far. */
export const LIST_CAUGHT_UP = Symbol('LIST_CAUGHT_UP');
export type ListCaughtUp = () => Promise<void>;

/**
 * On AccessExpired: every ACTIVE client service using the certificate is suspended, with the
 * reason and the causing event. Suspension event ids derive from the cause, so a redelivered
 * AccessExpired suspends nothing twice. Registrations racing with the expiry re-check the
 * certificate view after their own append (see ClientServiceCommands.register).
 */
@Injectable()
export class AccessExpiryReaction {
  private readonly logger = new Logger(AccessExpiryReaction.name);

  constructor(
    private readonly views: CertificateViews,
    private readonly queries: ClientServiceQueries,
    private readonly commands: ClientServiceCommands,
    @Inject(LIST_CAUGHT_UP) private readonly listCaughtUp: ListCaughtUp,
    @Inject(SUSPENSIONS) private readonly suspensions: Counter,
  ) {}

  async onAccessExpired(envelope: IntegrationEnvelope): Promise<number> {
    await this.views.apply(envelope);
    await this.listCaughtUp();
    const certificateId = envelope.aggregateId;
    const active = await this.queries.idsUsing(certificateId, { issuerId: envelope.issuerId, status: 'ACTIVE' });
    let suspended = 0;
    for (const { id } of active) {
      const outcome = await this.commands.suspend(
        { issuerId: envelope.issuerId, operatorId: 'system', correlationId: envelope.correlationId, causationId: envelope.eventId },
        id,
        ACCESS_EXPIRED_REASON,
        { byAccessExpiry: true, causeEventId: envelope.eventId },
      );
      if (outcome.changed) {
        suspended++;
        this.suspensions.inc();
      }
    }
    if (active.length > 0) this.logger.log(`certificate ${certificateId}: access expired, ${suspended} client service(s) suspended`);
    return suspended;
  }
}
