import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '@signstash/platform';
import { setEtag } from '../http/etag';
import { CertificateQueries } from './certificate.queries';
import { ListCertificatesDto } from '@signstash/api';
import type { StreamOwnership } from '@signstash/event-store';
import { CERTIFICATE_OWNERSHIP, OwnCertificate } from './certificate-ownership';
import type { CertificateDetails, CertificateHistory, CertificatePage } from '@signstash/api';

/** The certificates table, a certificate's details (with its revision as ETag) and its history. */
@ApiTags('certificates')
@Controller('issuers/:issuerId/certificates')
export class CertificateReadsController {
  constructor(
    private readonly queries: CertificateQueries,
    @Inject(CERTIFICATE_OWNERSHIP) private readonly ownership: StreamOwnership,
  ) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListCertificatesDto): Promise<CertificatePage> {
    return this.queries.list(actor.issuerId, query);
  }

  @Get(':certificateId')
  @OwnCertificate()
  async detail(
    @CurrentActor() actor: Actor,
    @Param('certificateId', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CertificateDetails> {
    const detail = await this.queries.detail(actor.issuerId, id);
    setEtag(response, detail.revision);
    return detail;
  }

  /**
   * The certificate's revision in the event store, not in a read model: the gateway passes it with a
   * command that names the certificate to another service, which waits for its own view to reach it.
   */
  @Get(':certificateId/revision')
  @OwnCertificate()
  async revision(
    @CurrentActor() actor: Actor,
    @Param('certificateId', new ParseUUIDPipe()) id: string,
  ): Promise<{ revision: number | undefined }> {
    return { revision: await this.ownership.revision(actor.issuerId, id) };
  }

  @Get(':certificateId/history')
  @OwnCertificate()
  history(
    @CurrentActor() actor: Actor,
    @Param('certificateId', new ParseUUIDPipe()) id: string,
  ): Promise<CertificateHistory> {
    return this.queries.history(actor.issuerId, id);
  }
}
