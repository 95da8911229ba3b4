import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@signstash/platform';
import { CertificateQueries } from '../certificate.queries';
import type { CertificateAttention } from '@signstash/api';

/** What needs an operator's action: expired accesses and those expiring within 7, 30 and 90 days. */
@ApiTags('certificates')
@Controller('issuers/:issuerId/attention')
export class AttentionController {
  constructor(private readonly queries: CertificateQueries) {}

  @Get()
  attention(@CurrentActor() actor: Actor): Promise<CertificateAttention> {
    return this.queries.attention(actor.issuerId);
  }
}
