import type { AccessState, CertificateStatus } from '../certificate.aggregate';

/** One row of an issuer's certificates table; also what the expiry scheduler scans. */
export interface CertificateListDocument {
  _id: string;
  issuerId: string;
  alias: string;
  /** Lower-cased alias, for case-insensitive search and sorting. */
  aliasLower: string;
  status: CertificateStatus;
  registeredAt: Date;
  /** Calendar day of registration (UTC, YYYY-MM-DD), for the inclusive date filter. */
  registeredDay: string;
  provider: string;
  accessExpiresAt: Date;
  accessState: AccessState;
  accessPeriod: number;
  /** When the current grant was made (absent in documents projected before it was kept). */
  accessGrantedAt?: Date;
  warnedThresholds: number[];
  validTo: Date;
  /** Stream revision of the last event applied: the idempotency guard. */
  revision: number;
}
