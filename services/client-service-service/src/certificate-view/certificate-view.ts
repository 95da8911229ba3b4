import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import type { CertificateEnvelope } from '@signstash/contracts';
import { MONGO_DB, Ownership } from '@signstash/platform';
import { writeOperations } from '@signstash/read-model';
import type { CertificateView } from '../client-services/client-service.decider';
import { certificateViewProjection, type CertificateViewDocument } from './certificate-view.projection';
import { mergedUpdates } from './merged-updates';

export type CertificateSummary = Pick<CertificateViewDocument, 'alias' | 'status' | 'accessState'>;

/** This service's view of certificates: written by `certificateViewProjection`, read here. */
@Injectable()
export class CertificateViews implements Ownership {
  private readonly views: Collection<CertificateViewDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.views = db.collection(certificateViewProjection.collection);
  }

  apply(envelope: CertificateEnvelope): Promise<void> {
    return this.applyAll([envelope]);
  }

  /**
   * Many events in one write, each guarded by its stream revision; the same change to many views
   * (expiries at one instant) in one statement.
   */
  applyAll(envelopes: readonly CertificateEnvelope[]): Promise<void> {
    return writeOperations(
      this.views,
      mergedUpdates(envelopes.flatMap((envelope) => certificateViewProjection.apply(envelope))),
    );
  }

  async find(issuerId: string, certificateId: string): Promise<(CertificateView & { alias: string }) | undefined> {
    const document = await this.views.findOne({ _id: certificateId, issuerId });
    if (!document) return undefined;
    const { certificateId: id, status, accessState, alias } = document;
    return { certificateId: id, issuerId, status, accessState, alias };
  }

  /** Whether the view has applied the certificate's event of this stream revision (or a later one). */
  async hasReached(certificateId: string, revision: number): Promise<boolean> {
    return (await this.views.countDocuments({ _id: certificateId, revision: { $gte: revision } }, { limit: 1 })) > 0;
  }

  async owns(issuerId: string, certificateId: string): Promise<boolean> {
    return (await this.views.countDocuments({ _id: certificateId, issuerId }, { limit: 1 })) > 0;
  }

  /** What a client service's answer says of its certificate: its alias, status and CA access. */
  async summaries(certificateIds: string[]): Promise<Map<string, CertificateSummary>> {
    const documents = await this.views
      .find({ _id: { $in: certificateIds } }, { projection: { alias: 1, status: 1, accessState: 1 } })
      .toArray();
    return new Map(documents.map((d) => [d._id, { alias: d.alias, status: d.status, accessState: d.accessState }]));
  }
}
