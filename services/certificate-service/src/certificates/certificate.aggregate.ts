/**
 * The certificate aggregate: its events, its state and how events evolve it.
 * A certificate is a remote signing certificate an issuer holds at a Certificate Authority;
 * Sign'Stash may sign with it only while the CA access the issuer granted is valid.
 * An access period is one stretch of granted access: registration starts period 1 and each
 * renewal starts the next, so expiry warnings are counted per period.
 */

export interface CertificateFacts {
  subject: string;
  issuingCa: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
  fingerprintSha256: string;
  keyUsage: string[];
  pem: string;
}

/** Sign'Stash's access to a certificate: a grant at the CA that holds it. */
export interface CaAccess {
  /** The configured CA's id, or `manual`. */
  ca: string;
  /** The CA's display name when the access was granted (what the pages, mails and history show). */
  caName: string;
  credentialId: string;
  grantedAt: string;
  expiresAt: string;
  /** The signature limit the grant was given with (the CA's rules); absent (manual accesses, grants before): the regulator's (`signatureLimitOf`). */
  signatureLimit?: number;
}

export type CertificateStatus = 'active' | 'inactive';
export type AccessState = 'granted' | 'expired';

interface Audit {
  certificateId: string;
  issuerId: string;
  /** Operator id, or `system` for the expiry scheduler. */
  by: string;
  at: string;
}

export type CertificateRegistered = {
  type: 'CertificateRegistered';
  data: Audit & { alias: string; description: string; certificate: CertificateFacts; access: CaAccess };
};
export type CertificateDetailsChanged = {
  type: 'CertificateDetailsChanged';
  data: Audit & {
    alias?: { from: string; to: string };
    description?: { from: string; to: string };
  };
};
export type CertificateStatusChanged = {
  type: 'CertificateStatusChanged';
  data: Audit & { from: CertificateStatus; to: CertificateStatus; reason: string };
};
export type AccessRenewed = {
  type: 'AccessRenewed';
  data: Audit & { period: number; previous: CaAccess; access: CaAccess; wasExpired: boolean };
};
export type AccessExpiring = {
  type: 'AccessExpiring';
  data: Audit & { period: number; thresholdDays: number; daysLeft: number; expiresAt: string; provider: string };
};
export type AccessExpired = {
  type: 'AccessExpired';
  data: Audit & {
    period: number;
    expiresAt: string;
    provider: string;
    /** Which limit was reached; events recorded before there were two say nothing: `time`. */
    reason?: AccessExpiryReason;
    /** With `signatures`: the count since the grant that reached the limit, and the limit. */
    signatures?: number;
    signatureLimit?: number;
  };
};
export type AccessExpiryReason = 'time' | 'signatures';
/** Past the usage warning ratio of the signature limit: recorded on crossing, then at most daily while above. */
export type AccessUsageWarned = {
  type: 'AccessUsageWarned';
  data: Audit & {
    period: number;
    grantedAt: string;
    signatures: number;
    signatureLimit: number;
    expiresAt: string;
    provider: string;
  };
};

export type CertificateEvent =
  | CertificateRegistered
  | CertificateDetailsChanged
  | CertificateStatusChanged
  | AccessRenewed
  | AccessExpiring
  | AccessExpired
  | AccessUsageWarned;

export type CertificateState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      certificateId: string;
      issuerId: string;
      alias: string;
      description: string;
      certificateStatus: CertificateStatus;
      validTo: string;
      access: CaAccess & {
        state: AccessState;
        period: number;
        warnedThresholds: number[];
        /** When the operators were last warned of the signatures used in this period. */
        usageWarnedAt?: string;
      };
    };

export const initialState = (): CertificateState => ({ status: 'unregistered' });

export function evolve(state: CertificateState, stored: CertificateEvent): CertificateState {
  const event = upcastCertificateEvent(stored);
  if (event.type === 'CertificateRegistered') {
    const { certificateId, issuerId, alias, description, certificate, access } = event.data;
    return {
      status: 'registered',
      certificateId,
      issuerId,
      alias,
      description,
      certificateStatus: 'active',
      validTo: certificate.validTo,
      access: { ...access, state: 'granted', period: 1, warnedThresholds: [] },
    };
  }
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'CertificateDetailsChanged':
      return {
        ...state,
        alias: event.data.alias?.to ?? state.alias,
        description: event.data.description?.to ?? state.description,
      };
    case 'CertificateStatusChanged':
      return { ...state, certificateStatus: event.data.to };
    case 'AccessRenewed':
      return {
        ...state,
        access: { ...event.data.access, state: 'granted', period: event.data.period, warnedThresholds: [] },
      };
    case 'AccessExpiring':
      return {
        ...state,
        access: { ...state.access, warnedThresholds: [...state.access.warnedThresholds, event.data.thresholdDays] },
      };
    case 'AccessExpired':
      return { ...state, access: { ...state.access, state: 'expired' } };
    case 'AccessUsageWarned':
      return { ...state, access: { ...state.access, usageWarnedAt: event.data.at } };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

// Older shapes of the events, read as today's: the one place that knows them.

/** The CA id of accesses recorded by hand (a CA without a CSC API, and every access recorded before CAs were configured). */
export const MANUAL_CA = 'manual';

/** The access as events recorded before CAs were configured hold it: a typed provider name. */
interface ProviderAccess {
  provider: string;
  credentialId: string;
  grantedAt: string;
  expiresAt: string;
}

/**
 * An access as stored, in either shape: events written before CAs were configured name a free-text
 * `provider` and a typed expiry; they read as a manual access under that name, so they replay and
 * show as before. Events are never rewritten: every reader upcasts when it reads.
 */
export function upcastAccess(access: CaAccess | ProviderAccess): CaAccess {
  if (!('provider' in access) || 'ca' in access) return access as CaAccess;
  const { provider, ...rest } = access;
  return { ca: MANUAL_CA, caName: provider, ...rest };
}

/** A stored certificate event in today's shape (the one place that knows older shapes). */
export function upcastCertificateEvent<E extends CertificateEvent>(event: E): E {
  if (event.type === 'CertificateRegistered') {
    return { ...event, data: { ...event.data, access: upcastAccess(event.data.access) } };
  }
  if (event.type === 'AccessRenewed') {
    const data = event.data;
    return { ...event, data: { ...data, previous: upcastAccess(data.previous), access: upcastAccess(data.access) } };
  }
  return event;
}
