import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@signstash/platform';
import type { Response } from 'express';
import { setEtag } from '../../http/etag';
import { CertificateCommands } from '../certificate-commands.service';
import { RegisterCertificateDto } from './register-certificate.dto';

@ApiTags('certificates')
@Controller('issuers/:issuerId/certificates')
export class RegisterCertificateController {
  constructor(private readonly commands: CertificateCommands) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'Registered; the body has the new id, the ETag its revision' })
  async register(@CurrentActor() actor: Actor, @Body() dto: RegisterCertificateDto, @Res({ passthrough: true }) response: Response) {
    const outcome = await this.commands.register(actor, dto);
    setEtag(response, outcome.revision);
    response.setHeader('Location', `/issuers/${actor.issuerId}/certificates/${outcome.certificateId}`);
    return { id: outcome.certificateId, revision: outcome.revision };
  }
}
