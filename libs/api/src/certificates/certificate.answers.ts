import type { Page } from '../paging/page';

// What the certificate service answers: it returns these, and the gateway's answer classes implement them.

export const CERTIFICATE_STATUSES = ['active', 'inactive'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
export const ACCESS_STATES = ['granted', 'expired'] as const;
export type AccessState = (typeof ACCESS_STATES)[number];

/** The new revision of what a command changed; the ETag says it too. */
export interface Revisioned {
  id: string;
  revision: number;
}

/** One row of the certificates table. */
export interface CertificateSummary {
  id: string;
  alias: string;
  status: CertificateStatus;
  registeredAt: string;
  /** The name of the Certificate Authority that granted the access. */
  provider: string;
  accessExpiresAt: string;
  accessState: AccessState;
  /** Whole days until the access expires; 0 once expired. */
  daysLeft: number;
}

export type CertificatePage = Page<CertificateSummary>;

/** What the X.509 certificate itself says. */
export interface CertificateFacts {
  subject: string;
  issuingCa: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
  fingerprintSha256: string;
  keyUsage: string[];
}

/** The signatures applied since the grant, as the signing side reported them. */
export interface AccessSignatures {
  used: number;
  limit: number;
  share: number;
  limitReachedAt?: string;
}

/** The access the issuer granted Sign'Stash at the Certificate Authority. */
export interface CertificateAccess {
  ca: string;
  caName: string;
  signatureLimit?: number;
  credentialId: string;
  grantedAt: string;
  expiresAt: string;
  state: AccessState;
  period: number;
  daysLeft: number;
  lastWarningThresholdDays?: number;
  expiredAt?: string;
  expiryReason?: 'time' | 'signatures';
  usageWarnedAt?: string;
  signatures: AccessSignatures;
}

export interface CertificateDetails {
  id: string;
  alias: string;
  description: string;
  status: CertificateStatus;
  statusReason?: string;
  certificate: CertificateFacts;
  access: CertificateAccess;
  registeredAt: string;
  registeredBy: string;
  updatedAt: string;
  updatedBy: string;
  revision: number;
}

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** One line of a certificate's history: its own events, and what they did to its client services. */
export interface CertificateHistoryEntry {
  id: string;
  revision: number;
  type: string;
  clientServiceId?: string;
  clientServiceName?: string;
  at: string;
  by: string;
  summary: string;
  changes: FieldChange[];
}

export interface CertificateHistory {
  /** Newest first. */
  items: CertificateHistoryEntry[];
}
