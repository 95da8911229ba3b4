import type { Collection } from 'mongodb';
import { DAY_MS } from '../certificate.rules';
import type { CertificateListDocument } from '../certificate-list/certificate-list.document';
import type { ExpiryCandidate, ExpiryCandidates } from './expiry-candidates.port';

const CANDIDATE_FIELDS = { issuerId: 1, accessExpiresAt: 1, accessGrantedAt: 1, accessPeriod: 1, warnedThresholds: 1 };

const candidateOf = (document: CertificateListDocument): ExpiryCandidate => ({
  certificateId: document._id,
  issuerId: document.issuerId,
  expiresAt: document.accessExpiresAt.toISOString(),
  grantedAt: document.accessGrantedAt?.toISOString(),
  period: document.accessPeriod ?? 1,
  warnedThresholds: document.warnedThresholds ?? [],
});

/** Finds candidates in the certificate list read model; the decider has the last word on each. */
export class ReadModelExpiryCandidates implements ExpiryCandidates {
  constructor(private readonly collection: () => Promise<Collection<CertificateListDocument>>) {}

  async find(now: Date, horizonDays: number): Promise<ExpiryCandidate[]> {
    const collection = await this.collection();
    const documents = await collection
      .find(
        { accessState: 'granted', accessExpiresAt: { $lte: new Date(now.getTime() + horizonDays * DAY_MS) } },
        { projection: CANDIDATE_FIELDS },
      )
      .sort({ accessExpiresAt: 1 })
      .toArray();
    return documents.map(candidateOf);
  }

  async nextExpiryAfter(instant: Date): Promise<ExpiryCandidate | undefined> {
    const collection = await this.collection();
    const [document] = await collection
      .find({ accessState: 'granted', accessExpiresAt: { $gt: instant } }, { projection: CANDIDATE_FIELDS })
      .sort({ accessExpiresAt: 1 })
      .limit(1)
      .toArray();
    return document && candidateOf(document);
  }
}
