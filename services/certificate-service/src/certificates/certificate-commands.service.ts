import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  EVENT_STORE,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  foldEvents,
  handleCommand,
  nameBasedUuid,
} from '@signstash/event-store';
import { CertificateEvent, CertificateState } from './certificate.aggregate';
import { CertificateCommand, certificateDecider } from './certificate.decider';
import { checkAlias, notFound } from './certificate.rules';
import { aliasDecider, aliasStreamId } from './alias-reservation.decider';
import { parseCertificatePem } from './register-certificate/certificate-pem.parser';
import type {
  ChangeCertificateStatusDto,
  ChangeDetailsDto,
  RegisterCertificateDto,
  RenewAccessDto,
} from '@signstash/api';
import { CLOCK, Clock } from './clock';
import { certificateStreamId } from './certificate-ownership';
import { Actor, currentCorrelationId } from '@signstash/platform';
import { FingerprintReservations } from './fingerprint-reservations';

export interface CommandOutcome {
  certificateId: string;
  /** Stream revision after the command: the ETag of the certificate. */
  revision: number;
  /** Global position of the command's last event, for read-your-writes; undefined when nothing changed. */
  position?: GlobalPosition;
}

/** A decider that pretends another issuer's certificate does not exist. */
const scopedTo = (issuerId: string) => ({
  ...certificateDecider,
  decide: (command: CertificateCommand, state: CertificateState) => {
    if (command.type !== 'RegisterCertificate' && (state.status !== 'registered' || state.issuerId !== issuerId)) {
      throw notFound();
    }
    return certificateDecider.decide(command, state);
  },
});

/**
 * Runs certificate commands: the operator's through the HTTP routes, the system's through the
 * expiry scheduler. Every command goes through the one generic command handler.
 */
@Injectable()
export class CertificateCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fingerprints: FingerprintReservations,
  ) {}

  async register(actor: Actor, dto: RegisterCertificateDto): Promise<CommandOutcome> {
    const at = this.clock.now();
    const certificateId = randomUUID();
    const command: CertificateCommand = {
      type: 'RegisterCertificate',
      data: {
        certificateId,
        issuerId: actor.issuerId,
        alias: dto.alias,
        description: dto.description ?? '',
        certificate: parseCertificatePem(dto.pem),
        access: {
          provider: dto.access.provider,
          credentialId: dto.access.credentialId,
          grantedAt: dto.access.grantedAt ?? at.toISOString(),
          expiresAt: dto.access.expiresAt,
        },
        by: actor.operatorId,
        at,
      },
    };
    // Validate before reserving, so a refused registration never holds the alias.
    certificateDecider.decide(command, certificateDecider.initialState());
    const alias = checkAlias(dto.alias);
    const { fingerprintSha256 } = command.data.certificate;
    const fingerprint = { issuerId: actor.issuerId, fingerprintSha256, certificateId, alias, at };
    await this.aliasCommand(actor, 'ReserveAlias', alias, certificateId);
    try {
      await this.fingerprints.reserve(fingerprint, this.metadata(actor));
    } catch (error) {
      await this.aliasCommand(actor, 'ReleaseAlias', alias, certificateId);
      throw error;
    }
    try {
      const result = await handleCommand(this.store, certificateStreamId(certificateId), certificateDecider, command, {
        expected: ExpectedRevision.noStream,
        metadata: this.metadata(actor),
      });
      return { certificateId, revision: result.nextExpectedRevision ?? 0, position: result.position };
    } catch (error) {
      await this.aliasCommand(actor, 'ReleaseAlias', alias, certificateId);
      await this.fingerprints.release(fingerprint, this.metadata(actor));
      throw error;
    }
  }

  async changeDetails(
    actor: Actor,
    certificateId: string,
    dto: ChangeDetailsDto,
    ifMatch?: number,
  ): Promise<CommandOutcome> {
    const streamId = certificateStreamId(certificateId);
    const events = await this.store.readStream(streamId);
    const state = foldEvents(
      certificateDecider,
      events.map((e) => e as unknown as CertificateEvent),
    );
    if (state.status !== 'registered' || state.issuerId !== actor.issuerId) throw notFound();
    const read = events[events.length - 1].revision;
    const expected = ExpectedRevision.exact(ifMatch ?? read);

    const newAlias = dto.alias === undefined ? undefined : checkAlias(dto.alias);
    const aliasMoves =
      newAlias !== undefined && aliasStreamId(actor.issuerId, newAlias) !== aliasStreamId(actor.issuerId, state.alias);
    if (aliasMoves) await this.aliasCommand(actor, 'ReserveAlias', newAlias, certificateId);
    try {
      const outcome = await this.run(
        actor,
        certificateId,
        { type: 'ChangeCertificateDetails', data: { ...dto, by: actor.operatorId, at: this.clock.now() } },
        expected,
      );
      if (aliasMoves) await this.aliasCommand(actor, 'ReleaseAlias', state.alias, certificateId);
      return outcome;
    } catch (error) {
      if (aliasMoves) await this.aliasCommand(actor, 'ReleaseAlias', newAlias, certificateId);
      throw error;
    }
  }

  changeStatus(
    actor: Actor,
    certificateId: string,
    dto: ChangeCertificateStatusDto,
    ifMatch?: number,
  ): Promise<CommandOutcome> {
    return this.run(
      actor,
      certificateId,
      { type: 'ChangeCertificateStatus', data: { ...dto, by: actor.operatorId, at: this.clock.now() } },
      ifMatch === undefined ? undefined : ExpectedRevision.exact(ifMatch),
    );
  }

  renewAccess(actor: Actor, certificateId: string, dto: RenewAccessDto, ifMatch?: number): Promise<CommandOutcome> {
    return this.run(
      actor,
      certificateId,
      { type: 'RenewAccess', data: { ...dto, by: actor.operatorId, at: this.clock.now() } },
      ifMatch === undefined ? undefined : ExpectedRevision.exact(ifMatch),
    );
  }

  /**
   * The scheduler's commands. Event ids are derived from the stream, the access period and the
   * threshold, so two scheduler instances racing produce the same event and the second append is a no-op.
   */
  async runExpiryCheck(
    issuerId: string,
    certificateId: string,
    command: Extract<CertificateCommand, { type: 'IssueAccessExpiryWarning' | 'ExpireAccess' }>,
  ) {
    const streamId = certificateStreamId(certificateId);
    return handleCommand(this.store, streamId, scopedTo(issuerId), command, {
      retryOnConflict: 3,
      metadata: { actor: 'system', ...(currentCorrelationId() ? { correlationId: currentCorrelationId() } : {}) },
      eventId: ({ event }) => {
        const data = event.data as { period?: number; thresholdDays?: number };
        return nameBasedUuid(`${streamId}/${event.type}/${data.period}/${data.thresholdDays ?? ''}`);
      },
    });
  }

  private async run(
    actor: Actor,
    certificateId: string,
    command: CertificateCommand,
    expected?: ExpectedRevision,
  ): Promise<CommandOutcome> {
    const result = await handleCommand(
      this.store,
      certificateStreamId(certificateId),
      scopedTo(actor.issuerId),
      command,
      {
        expected,
        metadata: this.metadata(actor),
      },
    );
    return { certificateId, revision: result.nextExpectedRevision ?? 0, position: result.position };
  }

  private async aliasCommand(
    actor: Actor,
    type: 'ReserveAlias' | 'ReleaseAlias',
    alias: string,
    certificateId: string,
  ) {
    await handleCommand(
      this.store,
      aliasStreamId(actor.issuerId, alias),
      aliasDecider,
      { type, data: { issuerId: actor.issuerId, alias, certificateId } },
      {
        retryOnConflict: 2,
        metadata: this.metadata(actor),
      },
    );
  }

  private metadata(actor: Actor) {
    const correlationId = actor.correlationId ?? currentCorrelationId();
    return { actor: actor.operatorId, ...(correlationId ? { correlationId } : {}) };
  }
}
