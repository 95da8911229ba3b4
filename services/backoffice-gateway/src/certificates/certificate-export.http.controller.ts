import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { ListCertificatesCsvDto } from '@signstash/api';
import { CurrentSession } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import { CERTIFICATE_SERVICE, DownstreamClient } from '../downstream/downstream.client';
import { RelayedQuery, SessionRequired } from '../downstream/api-docs.decorators';
import type { CertificateServiceRoutes } from '@signstash/api';

/** Headers of the certificate service's CSV answer that the browser gets as they are. */
const FILE_HEADERS = ['content-type', 'content-disposition'];

/**
 * The certificates table as a CSV file, relayed as the certificate service writes it: the gateway
 * holds no more than the pipe's buffers, and a download stopped by the browser stops the query.
 */
@ApiTags('certificates')
@SessionRequired()
@Controller('api/certificates.csv')
export class CertificateExportController {
  constructor(@Inject(CERTIFICATE_SERVICE) private readonly certificates: DownstreamClient<CertificateServiceRoutes>) {}

  @Get()
  @ApiOkResponse({
    description: "Every certificate of the issuer matching the list's filters, in its order, with a header row",
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @RelayedQuery(ListCertificatesCsvDto)
  async export(
    @CurrentSession() session: Session,
    @Query() query: Record<string, string>,
    @Res() response: Response,
  ): Promise<void> {
    const answer = await this.certificates.stream(session, 'GET /certificates.csv', { query });
    response.status(answer.status);
    if (!('body' in answer)) {
      response.json(answer.error);
      return;
    }
    for (const name of FILE_HEADERS) {
      const value = answer.headers.get(name);
      if (value) response.setHeader(name, value);
    }
    response.setHeader('Cache-Control', 'no-store');
    await pipeline(Readable.fromWeb(answer.body as ReadableStream<Uint8Array>), response).catch(() => answer.cancel());
  }
}
