import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  EVENT_STORE,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  handleCommand,
  nameBasedUuid,
} from '@signstash/event-store';
import type { ProjectionRunner } from '@signstash/read-model';
import { LIST_RUNNER } from './client-service-list/list-runner';
import type { Actor as PlatformActor } from '@signstash/platform';
import { CertificateViews } from '../certificate-view/certificate-view';
import type { ClientServiceState } from './client-service.aggregate';
import {
  ACCESS_EXPIRED_REASON,
  blockingReason,
  ClientServiceCommand,
  clientServiceDecider,
} from './client-service.decider';
import { notFound } from './client-service.rules';
import { clientServiceStreamId } from './client-service-ownership';
import type { ChangeClientServiceStatusDto, RegisterClientServiceDto } from '@signstash/api';

/** An operator through HTTP, or `system` reacting to an event (then the event is the causation). */
export type Actor = PlatformActor & { causationId?: string };

/** A decider that pretends another issuer's client service does not exist. */
const scopedTo = (issuerId: string) => ({
  ...clientServiceDecider,
  decide: (command: ClientServiceCommand, state: ClientServiceState) => {
    if (command.type !== 'RegisterClientService' && (state.status === 'unregistered' || state.issuerId !== issuerId))
      throw notFound();
    return clientServiceDecider.decide(command, state);
  },
});

/** Runs client-service commands: the operators' through HTTP, the system's on certificate events. */
@Injectable()
export class ClientServiceCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly certificates: CertificateViews,
    @Inject(LIST_RUNNER) private readonly list: ProjectionRunner,
  ) {}

  async register(actor: Actor, dto: RegisterClientServiceDto) {
    const clientServiceId = randomUUID();
    const certificate = await this.certificates.find(actor.issuerId, dto.certificateId);
    const result = await handleCommand(
      this.store,
      clientServiceStreamId(clientServiceId),
      clientServiceDecider,
      {
        type: 'RegisterClientService',
        data: {
          clientServiceId,
          issuerId: actor.issuerId,
          name: dto.name,
          certificate,
          by: actor.operatorId,
          at: new Date(),
        },
      },
      { expected: ExpectedRevision.noStream, metadata: this.metadata(actor) },
    );
    // The access may have expired between reading the view and appending; the expiry reaction
    // may then have missed this new service. Checking again after the append closes that gap.
    const now = await this.certificates.find(actor.issuerId, dto.certificateId);
    const reason = now && blockingReason(now);
    if (result.newState.status === 'ACTIVE' && reason) {
      return this.suspend(actor, clientServiceId, reason, { byAccessExpiry: reason === ACCESS_EXPIRED_REASON });
    }
    await this.settled(result.position);
    return this.describe(clientServiceId, result.newState);
  }

  async changeStatus(actor: Actor, clientServiceId: string, dto: ChangeClientServiceStatusDto) {
    if (dto.status === 'SUSPENDED')
      return this.suspend(actor, clientServiceId, dto.reason ?? '', { byAccessExpiry: false });
    if (dto.status === 'INACTIVE') {
      return this.run(actor, clientServiceId, {
        type: 'DeactivateClientService',
        data: { reason: dto.reason, by: actor.operatorId, at: new Date() },
      });
    }
    return this.activate(actor, clientServiceId);
  }

  async activate(actor: Actor, clientServiceId: string) {
    const events = await this.store.readStream(clientServiceStreamId(clientServiceId));
    const certificateId = (events[0]?.data as { certificateId?: string } | undefined)?.certificateId;
    const certificate = certificateId ? await this.certificates.find(actor.issuerId, certificateId) : undefined;
    return this.run(actor, clientServiceId, {
      type: 'ActivateClientService',
      data: { certificate, by: actor.operatorId, at: new Date() },
    });
  }

  /**
   * Suspends; on a certificate event the event id is derived from the cause, so a redelivery appends
   * nothing new. `readYourWrites: false` for the system's reaction, which no reader waits on.
   */
  async suspend(
    actor: Actor,
    clientServiceId: string,
    reason: string,
    cause: { byAccessExpiry: boolean; causeEventId?: string },
    { readYourWrites = true } = {},
  ) {
    const streamId = clientServiceStreamId(clientServiceId);
    const result = await handleCommand(
      this.store,
      streamId,
      scopedTo(actor.issuerId),
      { type: 'SuspendClientService', data: { reason, ...cause, by: actor.operatorId, at: new Date() } },
      {
        retryOnConflict: 3,
        metadata: this.metadata(actor),
        ...(cause.causeEventId
          ? { eventId: () => nameBasedUuid(`${streamId}/suspended-by/${cause.causeEventId}`) }
          : {}),
      },
    );
    if (readYourWrites) await this.settled(result.position);
    return { ...this.describe(clientServiceId, result.newState), changed: result.newEvents.length > 0 };
  }

  private async run(actor: Actor, clientServiceId: string, command: ClientServiceCommand) {
    const result = await handleCommand(
      this.store,
      clientServiceStreamId(clientServiceId),
      scopedTo(actor.issuerId),
      command,
      {
        retryOnConflict: 2,
        metadata: this.metadata(actor),
      },
    );
    await this.settled(result.position);
    return this.describe(clientServiceId, result.newState);
  }

  /** Read-your-writes: the list shows the change when the caller looks next (a slow projection only delays). */
  private async settled(position: GlobalPosition | undefined) {
    if (position !== undefined) await this.list.waitForPosition(position, 2000);
  }

  private describe(id: string, state: ClientServiceState) {
    if (state.status === 'unregistered') throw notFound();
    return { id, status: state.status, ...(state.suspension ? { statusReason: state.suspension.reason } : {}) };
  }

  private metadata(actor: Actor) {
    return {
      actor: actor.operatorId,
      ...(actor.correlationId ? { correlationId: actor.correlationId } : {}),
      ...(actor.causationId ? { causationId: actor.causationId } : {}),
    };
  }
}
