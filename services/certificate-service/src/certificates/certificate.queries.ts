import { Inject, Injectable } from '@nestjs/common';
import { READ_MODELS, ReadModelResolver } from '@signstash/read-model';
import { CLOCK, Clock } from '@signstash/platform';
import { daysLeft, notFound } from './certificate.rules';
import { CERTIFICATE_DETAIL, CertificateDetailDocument } from './certificate-detail/certificate-detail.projection';
import { CERTIFICATE_HISTORY, CertificateHistoryDocument } from './certificate-history/certificate-history.projection';
import { CERTIFICATE_LIST } from './certificate-list/certificate-list.projection';
import type { CertificateListDocument } from './certificate-list/certificate-list.document';
import { listCertificates } from './certificate-list/certificate-list.query';
import { needingAttention } from './attention/attention.query';
import { ClientServiceEffects } from './client-service-effects/client-service-effects';
import type { ListCertificatesCsvDto, ListCertificatesDto } from '@signstash/api';
import { certificatesCsv } from './certificate-export/certificate-export.query';
import { SignatureUsageStore } from './signature-usage/signature-usage.store';
import { accessSignatures } from './signature-usage/signature-usage.view';

/** The read side of certificates, always under one issuer: another issuer's certificate is not found. */
@Injectable()
export class CertificateQueries {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelResolver,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly clientServiceEffects: ClientServiceEffects,
    private readonly signatureUsage: SignatureUsageStore,
  ) {}

  async list(issuerId: string, query: ListCertificatesDto) {
    return listCertificates(
      await this.readModels.collection<CertificateListDocument>(CERTIFICATE_LIST),
      issuerId,
      query,
      this.clock.now(),
    );
  }

  async attention(issuerId: string) {
    return needingAttention(
      await this.readModels.collection<CertificateListDocument>(CERTIFICATE_LIST),
      issuerId,
      this.clock.now(),
    );
  }

  async exportCsv(issuerId: string, query: ListCertificatesCsvDto): Promise<AsyncGenerator<string>> {
    return certificatesCsv(
      await this.readModels.collection<CertificateListDocument>(CERTIFICATE_LIST),
      issuerId,
      query,
      this.clock.now(),
    );
  }

  async detail(issuerId: string, certificateId: string) {
    const collection = await this.readModels.collection<CertificateDetailDocument>(CERTIFICATE_DETAIL);
    const document = await collection.findOne({ _id: certificateId, issuerId });
    if (!document) throw notFound();
    const { _id, issuerId: _issuer, access, ...rest } = document;
    const now = this.clock.now();
    const usage = await this.signatureUsage.of(certificateId, access.grantedAt);
    return {
      id: _id,
      ...rest,
      access: {
        ...access,
        daysLeft: access.state === 'expired' ? 0 : daysLeft(access.expiresAt, now),
        signatures: accessSignatures(access, usage, now),
      },
    };
  }

  async history(issuerId: string, certificateId: string) {
    await this.detail(issuerId, certificateId);
    const collection = await this.readModels.collection<CertificateHistoryDocument>(CERTIFICATE_HISTORY);
    const [own, effects] = await Promise.all([
      collection.find({ certificateId, issuerId }).sort({ revision: -1 }).toArray(),
      this.clientServiceEffects.of(issuerId, certificateId),
    ]);
    // The certificate's own lines come in stream order; its client services' lines fit in by instant.
    const documents = [...own, ...effects].sort(
      (a, b) => Date.parse(b.at) - Date.parse(a.at) || own.indexOf(a as never) - own.indexOf(b as never),
    );
    // Lines written by the upsert createOnce was before may lack an empty `changes` (FerretDB 1.x dropped it).
    return {
      items: documents.map(({ _id, certificateId: _c, issuerId: _i, ...line }) => ({
        id: _id,
        ...line,
        changes: line.changes ?? [],
      })),
    };
  }
}
