/** The signatures applied under one grant of one certificate so far: one access period's running total. */
export interface SignatureUsageDocument {
  /** `<certificate id>|<grant instant>`: a grant instant names its access period. */
  _id: string;
  certificateId: string;
  issuerId: string;
  grantedAt: string;
  signatures: number;
  /** Set while the period is past the warning ratio: when its operators were last warned, for the daily warning. */
  usageWarnedAt?: Date;
}

/**
 * One counted report: its id is the document's, so a report delivered again cannot be stored twice.
 * Nothing more than the count needs (the period names the certificate and grant).
 */
export interface SignatureReportDocument {
  _id: string;
  period: string;
  signatures: number;
  /** The last signature reported, for the rate. */
  lastAt: Date;
}

/** A period's warning state (when its operators were last warned); its count is the sum of its reports. */
export const SIGNATURE_USAGE = 'certificate_signature_usage';
export const SIGNATURE_REPORTS = 'certificate_signature_reports';
