import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@signstash/contracts';
import {
  aggregateStream,
  CommandIssuer,
  EVENT_STORE,
  EventStore,
  Reservation,
  runCommand,
} from '@signstash/event-store';
import { READ_MODELS, ReadModelResolver } from '@signstash/read-model';
import type { CertificateEvent } from './certificate.aggregate';
import { certificateDecider } from './certificate.decider';
import { certificateStreamId } from './certificate.stream';
import { CERTIFICATE_DETAIL, CertificateDetailDocument } from './certificate-detail/certificate-detail.projection';
import { FingerprintCommand, fingerprintDecider, fingerprintStreamId } from './fingerprint-reservation.decider';

type Claim = Omit<FingerprintCommand['data'], 'holderAlias'>;

/**
 * Takes and gives back an issuer's fingerprint reservations. The decider refuses; this finds what it
 * needs to say who holds the PEM: the holder's current alias, from its own stream.
 *
 * Certificates registered before reservations existed have none. The first registration of an issuer
 * in a process finds them in the detail read model (rebuilt from the same events, so a rebuild never
 * loses one) and reserves their fingerprints; a registration of the same PEM is then refused like any
 * later one: the event store alone decides from then on.
 */
@Injectable()
export class FingerprintReservations {
  /** Issuers whose older certificates are covered (or being covered) in this process. */
  private readonly covered = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelResolver,
  ) {}

  /** The `reserve` hook of certificate commands: a registration's PEM is reserved before it is appended. */
  forCommand(issuer: CommandIssuer) {
    return async (events: CertificateEvent[]): Promise<Reservation | undefined> => {
      const registered = events.find((event) => event.type === 'CertificateRegistered');
      if (registered?.type !== 'CertificateRegistered') return undefined;
      const { issuerId, certificateId, alias, certificate, at } = registered.data;
      const claim = {
        issuerId,
        certificateId,
        alias,
        fingerprintSha256: certificate.fingerprintSha256,
        at: new Date(at),
      };
      await this.reserve(claim, issuer);
      return { undo: () => this.release(claim, issuer) };
    };
  }

  async reserve(claim: Claim, issuer: CommandIssuer): Promise<void> {
    const streamId = fingerprintStreamId(claim.issuerId, claim.fingerprintSha256);
    const { state } = await aggregateStream(this.store, streamId, fingerprintDecider);
    if (state.status === 'free') await this.coverOlderCertificates(claim.issuerId, issuer);
    const holder = state.status === 'reserved' ? state.certificateId : undefined;
    const holderAlias = holder && holder !== claim.certificateId ? await this.aliasOf(holder) : undefined;
    await this.run(streamId, { ...claim, holderAlias }, issuer);
  }

  async release(claim: Claim, issuer: CommandIssuer): Promise<void> {
    await runCommand(
      this.store,
      fingerprintStreamId(claim.issuerId, claim.fingerprintSha256),
      fingerprintDecider,
      { type: 'ReleaseFingerprint', data: claim },
      issuer,
    );
  }

  // On a conflict runCommand re-reads who got in first, and the decider names it.
  private async run(streamId: string, data: FingerprintCommand['data'], issuer: CommandIssuer) {
    await runCommand(this.store, streamId, fingerprintDecider, { type: 'ReserveFingerprint', data }, issuer);
  }

  private async aliasOf(certificateId: string): Promise<string | undefined> {
    const { state } = await aggregateStream(this.store, certificateStreamId(certificateId), certificateDecider);
    return state.status === 'registered' ? state.alias : undefined;
  }

  /**
   * Once per issuer and process: every certificate of the issuer in the detail read model whose PEM has
   * no reservation (registered before reservations existed) gets one. Each registration since reserves
   * its PEM before its certificate is appended, so none can lack one later, and no registration after
   * this looks the read model up again (it was a FerretDB query on each registration's path).
   */
  private coverOlderCertificates(issuerId: string, issuer: CommandIssuer): Promise<void> {
    let covering = this.covered.get(issuerId);
    if (!covering) {
      covering = this.cover(issuerId, issuer).catch((error: unknown) => {
        this.covered.delete(issuerId);
        throw error;
      });
      this.covered.set(issuerId, covering);
    }
    return covering;
  }

  private async cover(issuerId: string, issuer: CommandIssuer): Promise<void> {
    const details = await this.readModels.collection<CertificateDetailDocument>(CERTIFICATE_DETAIL);
    const certificates = await details
      .find({ issuerId }, { projection: { alias: 1, 'certificate.fingerprintSha256': 1 } })
      .toArray();
    for (const { _id, alias, certificate } of certificates) {
      const { fingerprintSha256 } = certificate;
      const streamId = fingerprintStreamId(issuerId, fingerprintSha256);
      if ((await this.store.readStream(streamId, { maxCount: 1 })).length > 0) continue;
      const claim = { issuerId, certificateId: _id, alias, fingerprintSha256, at: new Date() };
      // Two older certificates with one PEM (allowed then): the first holds it, the second is let be.
      await this.run(streamId, claim, issuer).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
      });
    }
  }
}
