import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@signstash/platform';
import { ClientServiceCommands } from '../client-service-commands.service';
import { ClientServiceQueries } from '../client-service-list/client-service.queries';
import { CertificateViews } from '../../certificate-view/certificate-view';
import { notFound } from '@signstash/contracts';
import type { GlobalPosition } from '@signstash/event-store';
import type { Reactivation } from '@signstash/api';

/** "Reactivate every client service suspended by that expiry": one action after a renewal. */
@Injectable()
export class ClientServiceReactivation {
  private readonly logger = new Logger(ClientServiceReactivation.name);

  constructor(
    private readonly commands: ClientServiceCommands,
    private readonly queries: ClientServiceQueries,
    private readonly certificates: CertificateViews,
  ) {}

  /** The count and the refusals, and where the last reactivation is in the log (for the caller's read-your-writes). */
  async reactivateSuspendedByExpiry(
    actor: Actor,
    certificateId: string,
  ): Promise<{ answer: Reactivation; position?: GlobalPosition }> {
    if (!(await this.certificates.find(actor.issuerId, certificateId))) throw notFound('certificate');
    const suspended = await this.queries.idsUsing(certificateId, {
      issuerId: actor.issuerId,
      status: 'SUSPENDED',
      suspendedByExpiry: true,
    });
    let reactivated = 0;
    let position: GlobalPosition | undefined;
    const refused: Array<{ id: string; reason: string }> = [];
    for (const { id } of suspended) {
      try {
        const outcome = await this.commands.activate(actor, id);
        if (outcome.answer.status === 'ACTIVE') reactivated++;
        position = outcome.position ?? position;
      } catch (error) {
        refused.push({ id, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    if (refused.length > 0) this.logger.warn(`reactivation on certificate ${certificateId}: ${refused.length} refused`);
    return { answer: { reactivated, refused }, position };
  }
}
