import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@signstash/platform';
import type { Response } from 'express';
import { setEtag } from '../../http/etag';
import { CertificateCommands } from '../certificate-commands.service';
import { RegisterCertificateDto } from '@signstash/api';
import type { ProjectionRunner } from '@signstash/read-model';
import { CERTIFICATE_PROJECTIONS, readYourWrites } from '../read-your-writes';
import { parseCertificatePem } from './certificate-pem.parser';

@ApiTags('certificates')
@Controller('issuers/:issuerId/certificates')
export class RegisterCertificateController {
  constructor(
    private readonly commands: CertificateCommands,
    @Inject(CERTIFICATE_PROJECTIONS) private readonly projections: ProjectionRunner[],
  ) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'Registered; the body has the new id, the ETag its revision' })
  async register(
    @CurrentActor() actor: Actor,
    @Body() dto: RegisterCertificateDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commands.register(actor, dto, parseCertificatePem(dto.pem));
    await readYourWrites(this.projections, outcome.position);
    setEtag(response, outcome.revision);
    response.setHeader('Location', `/issuers/${actor.issuerId}/certificates/${outcome.certificateId}`);
    return { id: outcome.certificateId, revision: outcome.revision };
  }
}
