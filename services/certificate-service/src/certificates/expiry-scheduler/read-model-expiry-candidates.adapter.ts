import type { Collection } from 'mongodb';
import { DAY_MS } from '../certificate.rules';
import type { CertificateListDocument } from '../certificate-list/certificate-list.document';
import type { ExpiryCandidate, ExpiryCandidates } from './expiry-candidates.port';

/** Finds candidates in the certificate list read model; the decider has the last word on each. */
export class ReadModelExpiryCandidates implements ExpiryCandidates {
  constructor(private readonly collection: () => Promise<Collection<CertificateListDocument>>) {}

  async find(now: Date, horizonDays: number): Promise<ExpiryCandidate[]> {
    const collection = await this.collection();
    const documents = await collection
      .find(
        { accessState: 'granted', accessExpiresAt: { $lte: new Date(now.getTime() + horizonDays * DAY_MS) } },
        { projection: { issuerId: 1, accessExpiresAt: 1, warnedThresholds: 1 } },
      )
      .sort({ accessExpiresAt: 1 })
      .toArray();
    return documents.map((document) => ({
      certificateId: document._id,
      issuerId: document.issuerId,
      expiresAt: document.accessExpiresAt.toISOString(),
      warnedThresholds: document.warnedThresholds ?? [],
    }));
  }
}
