import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Put, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, badRequest, CurrentActor } from '@signstash/platform';
import type { Response } from 'express';
import { IfMatchRevision, setEtag } from '../http/etag';
import { CertificateCommands, CommandOutcome } from './certificate-commands.service';
import { ChangeCertificateStatusDto, ChangeDetailsDto, RenewAccessDto } from '@signstash/api';
import { PROJECTION_RUNNERS, ProjectionRunner, readYourWrites } from '@signstash/read-model';
import { CERTIFICATE_CATEGORY } from './certificate.stream';
import { OwnCertificate } from './certificate-ownership';
import type { Revisioned } from '@signstash/api';

const CertificateId = () => Param('certificateId', new ParseUUIDPipe());

/** Edits of a registered certificate. Each takes an optional If-Match and answers with the new ETag. */
@ApiTags('certificates')
@ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; a stale one gives 409' })
@ApiOkResponse({ description: 'Done; the ETag is the new revision' })
@OwnCertificate()
@Controller('issuers/:issuerId/certificates/:certificateId')
export class CertificateUpdatesController {
  constructor(
    private readonly commands: CertificateCommands,
    @Inject(PROJECTION_RUNNERS) private readonly projections: ProjectionRunner[],
  ) {}

  @Patch('details')
  @HttpCode(200)
  async changeDetails(
    @CurrentActor() actor: Actor,
    @CertificateId() id: string,
    @Body() dto: ChangeDetailsDto,
    @IfMatchRevision() ifMatch: number | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    // @IsOptional lets null through; a null field is no change to make.
    const nulls = (['alias', 'description'] as const).filter((field) => dto[field] === null);
    if (nulls.length > 0) throw badRequest(nulls.map((field) => ({ field, reason: `${field} must be a string` })));
    if (dto.alias === undefined && dto.description === undefined) {
      throw badRequest([{ field: 'body', reason: 'give alias or description (or both)' }]);
    }
    return this.respond(response, await this.commands.changeDetails(actor, id, dto, ifMatch));
  }

  @Put('status')
  @HttpCode(200)
  async changeStatus(
    @CurrentActor() actor: Actor,
    @CertificateId() id: string,
    @Body() dto: ChangeCertificateStatusDto,
    @IfMatchRevision() ifMatch: number | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    return this.respond(response, await this.commands.changeStatus(actor, id, dto, ifMatch));
  }

  @Post('access/renewals')
  @HttpCode(200)
  @ApiConflictResponse({
    description:
      'A stale If-Match, or a new expiration earlier than the current one without `confirmEarlierExpiry: true` (`fields` names it)',
  })
  async renewAccess(
    @CurrentActor() actor: Actor,
    @CertificateId() id: string,
    @Body() dto: RenewAccessDto,
    @IfMatchRevision() ifMatch: number | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    return this.respond(response, await this.commands.renewManually(actor, id, dto, ifMatch));
  }

  private async respond(response: Response, outcome: CommandOutcome): Promise<Revisioned> {
    await readYourWrites(this.projections, outcome.position, CERTIFICATE_CATEGORY);
    setEtag(response, outcome.revision);
    return { id: outcome.certificateId, revision: outcome.revision };
  }
}
