import type { Collection, Filter } from 'mongodb';
import { DAY_MS, daysLeft } from '../certificate.rules';
import type { CertificateListDocument } from '../certificate-list/certificate-list.document';
import { ATTENTION_BUCKETS, type AttentionBucketKey, type CertificateAttention } from '@signstash/api';

const UPPER_DAYS: Record<Exclude<AttentionBucketKey, 'expired'>, number> = { within7: 7, within30: 30, within90: 90 };
const LOWER_DAYS: Record<Exclude<AttentionBucketKey, 'expired'>, number> = { within7: 0, within30: 7, within90: 30 };

/** Rows shown per bucket; the count is always the full one. */
export const ATTENTION_ROWS = 50;

/**
 * Past its instant an access is expired even before the scheduler has recorded it (seconds later):
 * the dashboard must not call it "expiring" meanwhile.
 */
export function bucketFilter(issuerId: string, key: AttentionBucketKey, now: Date): Filter<CertificateListDocument> {
  if (key === 'expired') return { issuerId, $or: [{ accessState: 'expired' }, { accessExpiresAt: { $lte: now } }] };
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
  return {
    issuerId,
    accessState: 'granted',
    accessExpiresAt: { $gt: at(LOWER_DAYS[key]), $lte: at(UPPER_DAYS[key]) },
  };
}

export async function needingAttention(
  collection: Collection<CertificateListDocument>,
  issuerId: string,
  now: Date,
): Promise<CertificateAttention> {
  const buckets = await Promise.all(
    ATTENTION_BUCKETS.map(async (key) => {
      const filter = bucketFilter(issuerId, key, now);
      const [documents, total] = await Promise.all([
        collection.find(filter).sort({ accessExpiresAt: 1, _id: 1 }).limit(ATTENTION_ROWS).toArray(),
        collection.countDocuments(filter),
      ]);
      const items = documents.map((document) => ({
        id: document._id,
        alias: document.alias,
        status: document.status,
        accessExpiresAt: document.accessExpiresAt.toISOString(),
        accessState: key === 'expired' ? ('expired' as const) : document.accessState,
        daysLeft: key === 'expired' ? 0 : daysLeft(document.accessExpiresAt.toISOString(), now),
      }));
      return { key, total, items };
    }),
  );
  return { buckets };
}
