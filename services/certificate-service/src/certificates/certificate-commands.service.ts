import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  EVENT_STORE,
  aggregateStream,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  nameBasedUuid,
  runCommand,
} from '@signstash/event-store';
import type { CertificateFacts, CertificateState } from './certificate.aggregate';
import { certificateDecider } from './certificate.decider';
import type { AccessTerms, CertificateCommand } from './certificate.commands';
import { certificateStreamId } from './certificate.stream';
import { reserveAliases } from './alias-reservations';
import type {
  ChangeCertificateStatusDto,
  ChangeDetailsDto,
  RegisterCertificateDto,
  RenewAccessDto,
} from '@signstash/api';
import { Actor, CLOCK, Clock } from '@signstash/platform';
import { FingerprintReservations } from './fingerprint-reservations';
import { reserveTogether } from './certificate-reservations';

export interface CommandOutcome {
  certificateId: string;
  /** Stream revision after the command: the ETag of the certificate. */
  revision: number;
  /** Global position of the command's last event, for read-your-writes; undefined when nothing changed. */
  position?: GlobalPosition;
}

type ExpiryCommand = Extract<
  CertificateCommand,
  { type: 'IssueAccessExpiryWarning' | 'ExpireAccess' | 'CheckSignatureUsage' }
>;

const pinnedTo = (ifMatch?: number) => (ifMatch === undefined ? undefined : ExpectedRevision.exact(ifMatch));

/**
 * Runs certificate commands: the operator's through the HTTP routes, the system's through the
 * expiry scheduler. Each is one `runCommand` (one read, one decide per attempt, the shared conflict
 * policy); the decider checks the issuer, the alias and PEM reservations hang on the decided events.
 */
@Injectable()
export class CertificateCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fingerprints: FingerprintReservations,
  ) {}

  /** The PEM form, for a CA without a CSC API: `certificate` is the uploaded PEM, parsed by the register-certificate slice. */
  registerManual(actor: Actor, dto: RegisterCertificateDto, certificate: CertificateFacts): Promise<CommandOutcome> {
    const { provider, credentialId, grantedAt, expiresAt } = dto.access;
    const at = this.clock.now().toISOString();
    const access = { kind: 'manual', caName: provider, credentialId, grantedAt: grantedAt ?? at, expiresAt } as const;
    return this.register(actor, { alias: dto.alias, description: dto.description ?? '' }, certificate, access);
  }

  /** Registers a certificate with its access; `certificateId` is given when something was stored under it first. */
  register(
    actor: Actor,
    details: { alias: string; description: string },
    certificate: CertificateFacts,
    access: AccessTerms,
    certificateId: string = randomUUID(),
  ): Promise<CommandOutcome> {
    const data = { ...this.issued(actor), ...details, certificateId, certificate, access };
    return this.run(actor, certificateId, { type: 'RegisterCertificate', data }, ExpectedRevision.noStream);
  }

  changeDetails(actor: Actor, certificateId: string, dto: ChangeDetailsDto, ifMatch?: number) {
    const command = { type: 'ChangeCertificateDetails', data: { ...dto, ...this.issued(actor) } } as const;
    return this.run(actor, certificateId, command, pinnedTo(ifMatch));
  }

  changeStatus(actor: Actor, certificateId: string, dto: ChangeCertificateStatusDto, ifMatch?: number) {
    const command = { type: 'ChangeCertificateStatus', data: { ...dto, ...this.issued(actor) } } as const;
    return this.run(actor, certificateId, command, pinnedTo(ifMatch));
  }

  /** A manual access renewed by hand (the typed expiry of a CA without a CSC API). */
  renewManually(actor: Actor, certificateId: string, dto: RenewAccessDto, ifMatch?: number) {
    const issued = this.issued(actor);
    const access = {
      kind: 'manual',
      caName: dto.provider ?? '',
      credentialId: dto.credentialId ?? '',
      grantedAt: issued.at.toISOString(),
      expiresAt: dto.expiresAt,
    } as const;
    return this.renewAccess(actor, certificateId, access, { confirmEarlierExpiry: dto.confirmEarlierExpiry, ifMatch });
  }

  renewAccess(
    actor: Actor,
    certificateId: string,
    access: AccessTerms,
    options: { confirmEarlierExpiry?: boolean; ifMatch?: number } = {},
  ) {
    const data = { ...this.issued(actor), access, confirmEarlierExpiry: options.confirmEarlierExpiry };
    return this.run(actor, certificateId, { type: 'RenewAccess', data }, pinnedTo(options.ifMatch));
  }

  /**
   * The system's commands: the scheduler's, and the signature usage checks after each report. Event
   * ids are derived from the stream, the access period and the threshold (the day, for the daily
   * usage warning), so two instances racing produce the same event and the second append is a no-op;
   * an expiry by time and one by signatures racing are one expiry.
   */
  runExpiryCheck(certificateId: string, command: ExpiryCommand) {
    const streamId = certificateStreamId(certificateId);
    return runCommand(
      this.store,
      streamId,
      certificateDecider,
      command,
      { operatorId: command.data.by },
      {
        eventId: ({ event }) => {
          const data = event.data as { period?: number; thresholdDays?: number; at: string };
          const within = event.type === 'AccessUsageWarned' ? data.at.slice(0, 10) : (data.thresholdDays ?? '');
          return nameBasedUuid(`${streamId}/${event.type}/${data.period}/${within}`);
        },
      },
    );
  }

  /** The certificate as its stream has it now (read only: what a check reads before deciding). */
  async current(certificateId: string): Promise<CertificateState> {
    return (await aggregateStream(this.store, certificateStreamId(certificateId), certificateDecider)).state;
  }

  private issued(actor: Actor) {
    return { by: actor.operatorId, issuerId: actor.issuerId, at: this.clock.now() };
  }

  private async run(
    actor: Actor,
    certificateId: string,
    command: CertificateCommand,
    expected: ExpectedRevision | undefined,
  ): Promise<CommandOutcome> {
    const result = await runCommand(
      this.store,
      certificateStreamId(certificateId),
      certificateDecider,
      command,
      actor,
      {
        expected,
        reserve: reserveTogether(reserveAliases(this.store, actor, certificateId), this.fingerprints.forCommand(actor)),
      },
    );
    return { certificateId, revision: result.nextExpectedRevision ?? 0, position: result.position };
  }
}
