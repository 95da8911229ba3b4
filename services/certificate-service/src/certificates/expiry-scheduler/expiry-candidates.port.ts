/** A certificate whose granted access expires within the horizon (or already has), as the read model sees it. */
export interface ExpiryCandidate {
  certificateId: string;
  issuerId: string;
  expiresAt: string;
  /** Thresholds already warned about in the current access period. */
  warnedThresholds: number[];
}

export interface ExpiryCandidates {
  find(now: Date, horizonDays: number): Promise<ExpiryCandidate[]>;
}

export const EXPIRY_CANDIDATES = Symbol('EXPIRY_CANDIDATES');
