import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ServiceCaReturnDto, ServiceRegisterFromCaDto, ServiceStartCaAuthorizationDto } from '@signstash/api';
import { Actor, CurrentActor } from '@signstash/platform';
import { PROJECTION_RUNNERS, ProjectionRunner, readYourWrites } from '@signstash/read-model';
import { setEtag } from '../http/etag';
import { CERTIFICATE_CATEGORY } from '../certificates/certificate.stream';
import type { CommandOutcome } from '../certificates/certificate-commands.service';
import { CaAccessFlow } from './ca-access-flow.service';
import { CA_DIRECTORY, CaDirectory } from './certificate-authority.port';
import type { CaAuthorizationStarted, CaReturn, CertificateAuthorityList, Revisioned } from '@signstash/api';

/** The CAs the issuer may choose, and the round trip to one of them to add a certificate or renew its access. */
@ApiTags('certificate authorities')
@Controller('issuers/:issuerId')
export class CaAccessController {
  constructor(
    private readonly flow: CaAccessFlow,
    @Inject(CA_DIRECTORY) private readonly cas: CaDirectory,
    @Inject(PROJECTION_RUNNERS) private readonly projections: ProjectionRunner[],
  ) {}

  @Get('certificate-authorities')
  @ApiOkResponse({ description: 'The configured Certificate Authorities (id, name, access rules)' })
  list(): CertificateAuthorityList {
    return { items: this.cas.list().map(({ id, name, rules }) => ({ id, name, rules })) };
  }

  @Post('ca-authorizations')
  @HttpCode(201)
  @ApiCreatedResponse({ description: "Where to send the browser: the CA's authorization page" })
  start(@CurrentActor() actor: Actor, @Body() dto: ServiceStartCaAuthorizationDto): Promise<CaAuthorizationStarted> {
    return this.flow.start(actor, dto);
  }

  @Post('ca-authorizations/:state/return')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The credentials to pick from (registration), or the access renewed' })
  @ApiConflictResponse({ description: 'Cancelled or denied at the CA, expired, used already or refused by the CA' })
  @ApiServiceUnavailableResponse({ description: 'The CA cannot be reached; Retry-After says when to try again' })
  async complete(
    @CurrentActor() actor: Actor,
    @Param('state') state: string,
    @Body() dto: ServiceCaReturnDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaReturn> {
    const back = await this.flow.complete(actor, state, dto);
    if (back.purpose === 'register') return back;
    await this.written(response, back.outcome);
    return { purpose: back.purpose, certificateId: back.certificateId, revision: back.outcome.revision };
  }

  @Post('ca-authorizations/:state/certificate')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'Registered; the body has the new id, the ETag its revision' })
  async register(
    @CurrentActor() actor: Actor,
    @Param('state') state: string,
    @Body() dto: ServiceRegisterFromCaDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    const outcome = await this.flow.register(actor, state, dto);
    await this.written(response, outcome);
    response.setHeader('Location', `/issuers/${actor.issuerId}/certificates/${outcome.certificateId}`);
    return { id: outcome.certificateId, revision: outcome.revision };
  }

  private async written(response: Response, outcome: CommandOutcome) {
    await readYourWrites(this.projections, outcome.position, CERTIFICATE_CATEGORY);
    setEtag(response, outcome.revision);
  }
}
