import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@signstash/platform';
import type { Response } from 'express';
import { setEtag } from '../../http/etag';
import { CertificateCommands } from '../certificate-commands.service';
import { RegisterCertificateDto } from '@signstash/api';
import { PROJECTION_RUNNERS, ProjectionRunner, readYourWrites } from '@signstash/read-model';
import { CERTIFICATE_CATEGORY } from '../certificate.stream';
import { parseCertificatePem } from './certificate-pem.parser';
import type { Revisioned } from '@signstash/api';

@ApiTags('certificates')
@Controller('issuers/:issuerId/certificates')
export class RegisterCertificateController {
  constructor(
    private readonly commands: CertificateCommands,
    @Inject(PROJECTION_RUNNERS) private readonly projections: ProjectionRunner[],
  ) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'Registered; the body has the new id, the ETag its revision' })
  @ApiConflictResponse({
    description:
      'The alias is taken (`fields` names `alias`), or the issuer registered the same PEM already (`fields` names `pem`; the message names the alias holding it)',
  })
  async register(
    @CurrentActor() actor: Actor,
    @Body() dto: RegisterCertificateDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    const outcome = await this.commands.registerManual(actor, dto, parseCertificatePem(dto.pem));
    await readYourWrites(this.projections, outcome.position, CERTIFICATE_CATEGORY);
    setEtag(response, outcome.revision);
    response.setHeader('Location', `/issuers/${actor.issuerId}/certificates/${outcome.certificateId}`);
    return { id: outcome.certificateId, revision: outcome.revision };
  }
}
