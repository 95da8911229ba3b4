import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import type { CertificateEnvelope } from '@signstash/contracts';
import { MONGO_DB, Ownership } from '@signstash/platform';
import type { CertificateView } from '../client-services/client-service.decider';

interface CertificateViewDocument extends CertificateView {
  _id: string;
  alias: string;
  /** Stream revision of the certificate event applied last: redelivered or older events change nothing. */
  revision: number;
}

export type CertificateSummary = Pick<CertificateViewDocument, 'alias' | 'status' | 'accessState'>;

/** This service's view of certificates, from `signstash.certificates.v1`. */
@Injectable()
export class CertificateViews implements Ownership {
  private readonly views: Collection<CertificateViewDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.views = db.collection('certificate_view');
  }

  async apply(event: CertificateEnvelope): Promise<void> {
    const revision = event.streamRevision;
    const id = event.data.certificateId;
    const guard = { _id: id, revision: { $lt: revision } };
    switch (event.type) {
      case 'CertificateRegistered':
        await this.views.updateOne(
          { _id: id },
          {
            $setOnInsert: {
              _id: id,
              certificateId: id,
              issuerId: event.data.issuerId,
              alias: event.data.alias,
              status: 'active',
              accessState: 'granted',
              revision,
            },
          },
          { upsert: true },
        );
        return;
      case 'CertificateDetailsChanged':
        await this.views.updateOne(guard, {
          $set: { revision, ...(event.data.alias ? { alias: event.data.alias.to } : {}) },
        });
        return;
      case 'CertificateStatusChanged':
        await this.views.updateOne(guard, { $set: { revision, status: event.data.to } });
        return;
      case 'AccessRenewed':
        await this.views.updateOne(guard, { $set: { revision, accessState: 'granted' } });
        return;
      case 'AccessExpired':
        await this.views.updateOne(guard, { $set: { revision, accessState: 'expired' } });
        return;
      case 'AccessExpiring':
        await this.views.updateOne(guard, { $set: { revision } });
        return;
    }
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
