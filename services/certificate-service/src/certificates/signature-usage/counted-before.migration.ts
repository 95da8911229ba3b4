import { MongoBulkWriteError, type Db } from 'mongodb';
import {
  SIGNATURE_REPORTS,
  SIGNATURE_USAGE,
  type SignatureReportDocument,
  type SignatureUsageDocument,
} from './signature-usage.documents';

/** A period's document as it was kept before the reports were stored one by one: with its count. */
type CountedBeforeDocument = Omit<SignatureUsageDocument, 'signatures'> & {
  signatures?: number;
  reportIds?: string[];
  lastAt?: Date;
};

const DUPLICATE_KEY = 11000;

/** The id of the report that carries a period's earlier count. */
export const carriedOverId = (period: string) => `carried-over|${period}`;

/**
 * Moves the counts kept in the periods' documents (before counting became insert-only) into the
 * reports collection, so no access period starts again from 0 (which would let a certificate sign
 * past its limit). Each period gets one report carrying its count, and each report id it had
 * counted becomes a report of 0 signatures, so a late redelivery of one still counts nothing. Runs
 * before the consumer starts; inserts first and unsets after, keyed by id, so a crash or a replica
 * running it at the same time counts nothing twice. Returns the periods moved.
 */
export async function carryOverCountedBefore(db: Db): Promise<number> {
  const usage = db.collection<CountedBeforeDocument>(SIGNATURE_USAGE);
  const reports = db.collection<SignatureReportDocument>(SIGNATURE_REPORTS);
  const before = await usage.find({ signatures: { $exists: true } }).toArray();
  for (const { _id: period, signatures = 0, reportIds = [], lastAt = new Date(0) } of before) {
    const documents: SignatureReportDocument[] = [
      { _id: carriedOverId(period), period, signatures, lastAt },
      ...reportIds.map((reportId) => ({ _id: reportId, period, signatures: 0, lastAt })),
    ];
    await reports.insertMany(documents, { ordered: false }).catch((error: unknown) => {
      const errors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
      if (errors.length === 0 || errors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
    });
    await usage.updateOne({ _id: period }, { $unset: { signatures: '', reportIds: '', firstAt: '', lastAt: '' } });
  }
  return before.length;
}
