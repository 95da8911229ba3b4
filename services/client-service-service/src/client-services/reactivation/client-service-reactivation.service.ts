import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@signstash/platform';
import { ClientServiceCommands } from '../client-service-commands.service';
import { ClientServiceQueries } from '../client-service-list/client-service.queries';
import { CertificateViews } from '../../certificate-view/certificate-view';
import { notFound } from '@signstash/contracts';

/** "Reactivate every client service suspended by that expiry": one action after a renewal. */
@Injectable()
export class ClientServiceReactivation {
  private readonly logger = new Logger(ClientServiceReactivation.name);

  constructor(
    private readonly commands: ClientServiceCommands,
    private readonly queries: ClientServiceQueries,
    private readonly certificates: CertificateViews,
  ) {}

  async reactivateSuspendedByExpiry(actor: Actor, certificateId: string) {
    if (!(await this.certificates.find(actor.issuerId, certificateId))) throw notFound('certificate');
    const suspended = await this.queries.idsUsing(certificateId, {
      issuerId: actor.issuerId,
      status: 'SUSPENDED',
      suspendedByExpiry: true,
    });
    let reactivated = 0;
    const refused: Array<{ id: string; reason: string }> = [];
    for (const { id } of suspended) {
      try {
        const outcome = await this.commands.activate(actor, id);
        if (outcome.status === 'ACTIVE') reactivated++;
      } catch (error) {
        refused.push({ id, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    if (refused.length > 0) this.logger.warn(`reactivation on certificate ${certificateId}: ${refused.length} refused`);
    return { reactivated, refused };
  }
}
