import { Inject, Injectable } from '@nestjs/common';
import type { Filter } from 'mongodb';
import { notFound as missing } from '@signstash/contracts';
import { notFound } from '../client-service.rules';
import { CertificateViews, type CertificateSummary } from '../../certificate-view/certificate-view';
import { READ_MODELS, ReadModelResolver } from '@signstash/read-model';
import { CLIENT_SERVICE_LIST, ClientServiceListDocument } from './client-service-list.projection';
import type { ListClientServicesDto } from '@signstash/api';

const toItem = (document: ClientServiceListDocument, certificates: Map<string, CertificateSummary>) => ({
  id: document._id,
  name: document.name,
  certificateId: document.certificateId,
  certificateAlias: certificates.get(document.certificateId)?.alias ?? '',
  // An ACTIVE client service still cannot sign while its certificate is inactive or its access expired.
  ...(certificates.has(document.certificateId)
    ? {
        certificateStatus: certificates.get(document.certificateId)!.status,
        certificateAccessState: certificates.get(document.certificateId)!.accessState,
      }
    : {}),
  status: document.status,
  ...(document.statusReason ? { statusReason: document.statusReason } : {}),
  suspendedByExpiry: document.suspendedByExpiry,
  registeredAt: document.registeredAt,
  updatedAt: document.updatedAt,
});

@Injectable()
export class ClientServiceQueries {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelResolver,
    private readonly certificates: CertificateViews,
  ) {}

  /** The collection readers use now (it moves when the projection is rebuilt). */
  private collection() {
    return this.readModels.collection<ClientServiceListDocument>(CLIENT_SERVICE_LIST);
  }

  async list(issuerId: string, query: ListClientServicesDto) {
    const filter: Filter<ClientServiceListDocument> = {
      issuerId,
      ...(query.certificateId ? { certificateId: query.certificateId } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const collection = await this.collection();
    const [documents, total] = await Promise.all([
      collection
        .find(filter)
        .sort({ nameLower: 1, _id: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .toArray(),
      collection.countDocuments(filter),
    ]);
    const certificates = await this.certificates.summaries([...new Set(documents.map((d) => d.certificateId))]);
    return { items: documents.map((d) => toItem(d, certificates)), total, page: query.page, pageSize: query.pageSize };
  }

  async detail(issuerId: string, id: string) {
    const document = await (await this.collection()).findOne({ _id: id, issuerId });
    if (!document) throw notFound();
    return toItem(document, await this.certificates.summaries([document.certificateId]));
  }

  async usingCertificate(issuerId: string, certificateId: string) {
    if (!(await this.certificates.find(issuerId, certificateId))) throw missing('certificate');
    const documents = await (
      await this.collection()
    )
      .find({ issuerId, certificateId })
      .sort({ nameLower: 1 })
      .toArray();
    const certificates = await this.certificates.summaries([certificateId]);
    return { items: documents.map((d) => toItem(d, certificates)) };
  }

  /** Per certificate of the issuer, how many of its client services are suspended (the dashboard's expired rows). */
  async suspendedCounts(issuerId: string): Promise<{ items: Array<{ certificateId: string; suspended: number }> }> {
    const groups = await (
      await this.collection()
    )
      .aggregate<{ _id: string; suspended: number }>([
        { $match: { issuerId, status: 'SUSPENDED' } },
        { $group: { _id: '$certificateId', suspended: { $sum: 1 } } },
      ])
      .toArray();
    return { items: groups.map((group) => ({ certificateId: group._id, suspended: group.suspended })) };
  }

  /** Ids of the client services of a certificate in a status, across issuers (the certificate decides the issuer). */
  async idsUsing(
    certificateId: string,
    filter: Filter<ClientServiceListDocument>,
  ): Promise<Array<{ id: string; issuerId: string }>> {
    const documents = await (
      await this.collection()
    )
      .find({ certificateId, ...filter }, { projection: { issuerId: 1 } })
      .toArray();
    return documents.map((d) => ({ id: d._id, issuerId: d.issuerId }));
  }
}
