import type { AccessState, CertificateStatus } from './certificate.answers';

/** The dashboard's buckets, disjoint: an access is counted in the first one it falls in. */
export const ATTENTION_BUCKETS = ['expired', 'within7', 'within30', 'within90'] as const;
export type AttentionBucketKey = (typeof ATTENTION_BUCKETS)[number];

export interface CertificateAttentionRow {
  id: string;
  alias: string;
  status: CertificateStatus;
  accessExpiresAt: string;
  accessState: AccessState;
  daysLeft: number;
}

export interface CertificateAttentionBucket {
  key: AttentionBucketKey;
  /** Every certificate of the bucket, however many rows are given. */
  total: number;
  items: CertificateAttentionRow[];
}

/** What the certificate service counts for the dashboard; the gateway adds the client services' counts. */
export interface CertificateAttention {
  buckets: CertificateAttentionBucket[];
}
