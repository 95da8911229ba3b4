/**
 * The regulator's limits on a CA access ("Renew CA Access"): the access is blocked when either is
 * reached, counted from the last grant. Each certificate authority states its own in the
 * configuration; these are the figures the rules give.
 */
export interface AccessRules {
  /** Days from a grant until the access is blocked. */
  periodDays: number;
  /** Signatures applied since the grant at which the access is blocked. */
  signatureLimit: number;
  /** Share of the signature limit past which the issuer's operators are warned (0.9: more than 90 %). */
  usageWarningRatio: number;
}

export const REGULATORY_ACCESS_RULES: AccessRules = {
  periodDays: 60,
  signatureLimit: 1_000_000_000,
  usageWarningRatio: 0.9,
};
