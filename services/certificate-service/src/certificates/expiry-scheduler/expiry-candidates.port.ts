/** A certificate whose granted access expires within the horizon (or already has), as the read model sees it. */
export interface ExpiryCandidate {
  certificateId: string;
  issuerId: string;
  expiresAt: string;
  /** The current grant and its access period: a renewal's grant may start inside some thresholds. */
  grantedAt?: string;
  period: number;
  /** Thresholds already warned about in the current access period. */
  warnedThresholds: number[];
}

export interface ExpiryCandidates {
  find(now: Date, horizonDays: number): Promise<ExpiryCandidate[]>;
  /** The granted access expiring first after `instant` (beyond a pass's horizon): the timer's farthest target. */
  nextExpiryAfter(instant: Date): Promise<ExpiryCandidate | undefined>;
}

export const EXPIRY_CANDIDATES = Symbol('EXPIRY_CANDIDATES');
