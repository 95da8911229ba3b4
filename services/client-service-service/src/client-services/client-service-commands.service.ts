import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CommandFrom,
  EVENT_STORE,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  HandleCommandOptions,
  nameBasedUuid,
  runCommand,
} from '@signstash/event-store';
import { CLOCK, Clock, type Actor as PlatformActor } from '@signstash/platform';
import { CertificateViews } from '../certificate-view/certificate-view';
import type { ClientServiceEvent, ClientServiceState } from './client-service.aggregate';
import {
  ACCESS_EXPIRED_REASON,
  blockingReason,
  ClientServiceCommand,
  clientServiceDecider,
} from './client-service.decider';
import { notFound } from './client-service.rules';
import { clientServiceStreamId } from './client-service.stream';
import type { ChangeClientServiceStatusDto, ClientServiceOutcome, RegisterClientServiceDto } from '@signstash/api';

/** An operator through HTTP, or `system` reacting to an event (then the event is the causation). */
export type Actor = PlatformActor & { causationId?: string };

type Options = Omit<HandleCommandOptions<ClientServiceEvent, ClientServiceState>, 'metadata' | 'retryOnConflict'>;

/**
 * What a command did: the client service as it now is, whether the command appended anything, and
 * where its events are in the log, for the caller's read-your-writes (the controller waits on it; the
 * system's reactions, which no reader waits on, do not).
 */
export interface ClientServiceCommandResult {
  answer: ClientServiceOutcome;
  changed: boolean;
  position?: GlobalPosition;
}

/**
 * Runs client-service commands: the operators' through HTTP, the system's on certificate events.
 * Each is one `runCommand` (one read, one decide per attempt, the shared conflict policy); the
 * decider checks the issuer.
 */
@Injectable()
export class ClientServiceCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly certificates: CertificateViews,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(actor: Actor, dto: RegisterClientServiceDto): Promise<ClientServiceCommandResult> {
    const clientServiceId = randomUUID();
    const certificate = await this.certificates.find(actor.issuerId, dto.certificateId);
    const result = await this.run(
      actor,
      clientServiceId,
      { type: 'RegisterClientService', data: { ...this.issued(actor), clientServiceId, name: dto.name, certificate } },
      { expected: ExpectedRevision.noStream },
    );
    // The access may have expired between reading the view and appending; the expiry reaction
    // may then have missed this new service. Checking again after the append closes that gap.
    const now = await this.certificates.find(actor.issuerId, dto.certificateId);
    const reason = now && blockingReason(now);
    if (result.newState.status === 'ACTIVE' && reason) {
      return this.suspend(actor, clientServiceId, reason, { byAccessExpiry: reason === ACCESS_EXPIRED_REASON });
    }
    return this.outcome(clientServiceId, result);
  }

  async changeStatus(
    actor: Actor,
    clientServiceId: string,
    dto: ChangeClientServiceStatusDto,
  ): Promise<ClientServiceCommandResult> {
    if (dto.status === 'SUSPENDED')
      return this.suspend(actor, clientServiceId, dto.reason ?? '', { byAccessExpiry: false });
    if (dto.status === 'INACTIVE') {
      const command = { type: 'DeactivateClientService', data: { ...this.issued(actor), reason: dto.reason } } as const;
      return this.outcome(clientServiceId, await this.run(actor, clientServiceId, command));
    }
    return this.activate(actor, clientServiceId);
  }

  /** The certificate's state comes from this service's view, for the certificate the stream names. */
  async activate(actor: Actor, clientServiceId: string): Promise<ClientServiceCommandResult> {
    const command: CommandFrom<ClientServiceState, ClientServiceCommand> = {
      fromState: async (state) => ({
        type: 'ActivateClientService',
        data: {
          ...this.issued(actor),
          certificate:
            state.status === 'unregistered'
              ? undefined
              : await this.certificates.find(actor.issuerId, state.certificateId),
        },
      }),
    };
    return this.outcome(clientServiceId, await this.run(actor, clientServiceId, command));
  }

  /** Suspends; on a certificate event the event id is derived from the cause, so a redelivery appends nothing new. */
  async suspend(
    actor: Actor,
    clientServiceId: string,
    reason: string,
    cause: { byAccessExpiry: boolean; causeEventId?: string },
  ): Promise<ClientServiceCommandResult> {
    const streamId = clientServiceStreamId(clientServiceId);
    const result = await this.run(
      actor,
      clientServiceId,
      { type: 'SuspendClientService', data: { ...this.issued(actor), reason, ...cause } },
      cause.causeEventId ? { eventId: () => nameBasedUuid(`${streamId}/suspended-by/${cause.causeEventId}`) } : {},
    );
    return this.outcome(clientServiceId, result);
  }

  private issued(actor: Actor) {
    return { by: actor.operatorId, issuerId: actor.issuerId, at: this.clock.now() };
  }

  private run(
    actor: Actor,
    clientServiceId: string,
    command: CommandFrom<ClientServiceState, ClientServiceCommand>,
    options: Options = {},
  ) {
    return runCommand(
      this.store,
      clientServiceStreamId(clientServiceId),
      clientServiceDecider,
      command,
      actor,
      options,
    );
  }

  private outcome(
    id: string,
    result: { position?: GlobalPosition; newState: ClientServiceState; newEvents: readonly unknown[] },
  ): ClientServiceCommandResult {
    const state = result.newState;
    if (state.status === 'unregistered') throw notFound();
    return {
      answer: { id, status: state.status, ...(state.suspension ? { statusReason: state.suspension.reason } : {}) },
      changed: result.newEvents.length > 0,
      position: result.position,
    };
  }
}
