import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { Actor, CurrentActor } from '@signstash/platform';
import { ListCertificatesCsvDto } from '@signstash/api';
import { CertificateQueries } from '../certificate.queries';

/** The certificates table as CSV: every row matching the filters, streamed. */
@ApiTags('certificates')
@Controller('issuers/:issuerId/certificates.csv')
export class CertificateExportController {
  constructor(private readonly queries: CertificateQueries) {}

  @Get()
  @ApiProduces('text/csv')
  async export(@CurrentActor() actor: Actor, @Query() query: ListCertificatesCsvDto): Promise<StreamableFile> {
    const rows = await this.queries.exportCsv(actor.issuerId, query);
    const day = new Date().toISOString().slice(0, 10);
    // One chunk read ahead (object mode buffers 16 by default): what waits for a slow download stays small.
    return new StreamableFile(Readable.from(rows, { highWaterMark: 1 }), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="certificates-${day}.csv"`,
    });
  }
}
