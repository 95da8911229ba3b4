import { conflict } from './certificate.rules';

/**
 * A PEM is registered once per issuer: each (issuer, SHA-256 fingerprint) has a tiny reservation
 * stream, taken with its expected revision as aliases are, so of two registrations of the same PEM
 * racing, one wins. Another issuer holding the same PEM has a stream of its own and is never told.
 */
export const fingerprintStreamId = (issuerId: string, fingerprintSha256: string): string =>
  `certificatefingerprint-${issuerId}:${fingerprintSha256.replace(/:/g, '').toLowerCase()}`;

/** A reservation whose certificate never got registered (its registration died half-way) is free again after this. */
export const STALE_RESERVATION_MS = 60_000;

interface Claim {
  issuerId: string;
  fingerprintSha256: string;
  certificateId: string;
  /** The alias the certificate was registered under, to name it while its registration is under way. */
  alias: string;
}

export type FingerprintEvent =
  | { type: 'FingerprintReserved'; data: Claim & { at: string } }
  | { type: 'FingerprintReleased'; data: Claim & { at: string } };

export type FingerprintCommand =
  | {
      type: 'ReserveFingerprint';
      /** `holderAlias`: the current alias of the certificate holding the reservation, if it is registered. */
      data: Claim & { at: Date; holderAlias?: string };
    }
  | { type: 'ReleaseFingerprint'; data: Claim & { at: Date } };

export type FingerprintState =
  { status: 'free' } | { status: 'reserved'; certificateId: string; alias: string; at: string };

export const fingerprintDecider = {
  initialState: (): FingerprintState => ({ status: 'free' }),

  evolve: (_state: FingerprintState, event: FingerprintEvent): FingerprintState =>
    event.type === 'FingerprintReserved'
      ? { status: 'reserved', certificateId: event.data.certificateId, alias: event.data.alias, at: event.data.at }
      : { status: 'free' },

  decide: (command: FingerprintCommand, state: FingerprintState): FingerprintEvent[] => {
    const { at, issuerId, fingerprintSha256, certificateId, alias } = command.data;
    const claim = { issuerId, fingerprintSha256, certificateId, alias };
    const event = { ...claim, at: at.toISOString() };
    const holder = state.status === 'reserved' ? state : undefined;
    if (command.type === 'ReleaseFingerprint')
      return holder?.certificateId === claim.certificateId ? [{ type: 'FingerprintReleased', data: event }] : [];
    if (holder?.certificateId === claim.certificateId) return [];
    const held =
      holder && (command.data.holderAlias !== undefined || at.getTime() - Date.parse(holder.at) < STALE_RESERVATION_MS);
    if (held) {
      const holding = command.data.holderAlias ?? holder.alias;
      throw conflict(`this certificate (PEM) is already registered as "${holding}"`, 'pem');
    }
    return [{ type: 'FingerprintReserved', data: event }];
  },
};
