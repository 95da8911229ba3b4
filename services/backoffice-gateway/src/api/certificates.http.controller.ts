import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ChangeCertificateStatusDto,
  ChangeDetailsDto,
  ListCertificatesDto,
  RegisterCertificateDto,
  RenewAccessDto,
} from '@signstash/api';
import { CurrentSession } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import { OperatorDirectory } from '../operators/operator-directory.service';
import {
  CERTIFICATE_SERVICE,
  CLIENT_SERVICE_SERVICE,
  DownstreamClient,
  NOTIFICATION_SERVICE,
  relay,
} from './downstream.client';
import {
  ById,
  reactivation,
  RelayedCommand,
  RelayedQuery,
  revisioned,
  RevisionGuarded,
  SessionRequired,
} from './api-docs.decorators';

const certificatePath = (id: string) => `/certificates/${encodeURIComponent(id)}`;

/** The backoffice's certificate functions, over the certificate service (and, per certificate, its client services and e-mails). */
@ApiTags('certificates')
@SessionRequired()
@Controller('api/certificates')
export class CertificatesController {
  constructor(
    @Inject(CERTIFICATE_SERVICE) private readonly certificates: DownstreamClient,
    @Inject(CLIENT_SERVICE_SERVICE) private readonly clientServices: DownstreamClient,
    @Inject(NOTIFICATION_SERVICE) private readonly notifications: DownstreamClient,
    private readonly operators: OperatorDirectory,
  ) {}

  @Get()
  @ApiOkResponse({ description: "A page of the issuer's certificates" })
  @RelayedQuery(ListCertificatesDto)
  async list(
    @CurrentSession() session: Session,
    @Query() query: Record<string, string>,
    @Res({ passthrough: true }) response: Response,
  ) {
    return relay(response, await this.certificates.call(session, { method: 'GET', path: '/certificates', query }));
  }

  @Post()
  @RelayedCommand(RegisterCertificateDto, {
    created: true,
    description: 'Registered; the ETag is its revision',
    schema: revisioned,
    conflict:
      'The alias is already used by another certificate of the issuer, or the same PEM (SHA-256 fingerprint) is ' +
      'registered already (`fields` names `pem`; the message names the alias holding it)',
  })
  async register(
    @CurrentSession() session: Session,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    return relay(response, await this.certificates.call(session, { method: 'POST', path: '/certificates', body }));
  }

  @Get(':id')
  @ById('certificate')
  @ApiOkResponse({ description: 'The certificate and its CA access; the ETag is its revision' })
  async detail(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const answer = await this.certificates.call<{ registeredBy?: string; updatedBy?: string }>(session, {
      method: 'GET',
      path: certificatePath(id),
    });
    if (answer.status !== 200) return relay(response, answer);
    const { registeredBy, updatedBy } = answer.body;
    const names = await this.operators.namesOf(session.issuerId, [registeredBy, updatedBy]);
    return {
      ...relay(response, answer),
      registeredByName: names.get(registeredBy ?? ''),
      updatedByName: names.get(updatedBy ?? ''),
    };
  }

  @Get(':id/history')
  @ById('certificate')
  @ApiOkResponse({
    description: 'What happened to the certificate, and to its client services because of it, newest first',
  })
  async history(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const answer = await this.certificates.call<{ items: Array<{ by?: string }> }>(session, {
      method: 'GET',
      path: `${certificatePath(id)}/history`,
    });
    if (answer.status !== 200) return relay(response, answer);
    const names = await this.operators.namesOf(
      session.issuerId,
      answer.body.items.map((item) => item.by),
    );
    return {
      ...relay(response, answer),
      items: answer.body.items.map((item) => ({ ...item, byName: names.get(item.by ?? '') })),
    };
  }

  @Patch(':id/details')
  @ById('certificate')
  @RevisionGuarded()
  @RelayedCommand(ChangeDetailsDto, {
    description: 'Done; the ETag is the new revision',
    schema: revisioned,
    conflict: 'The certificate changed since the ETag given, or the change is refused',
  })
  async changeDetails(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    return relay(
      response,
      await this.certificates.call(session, { method: 'PATCH', path: `${certificatePath(id)}/details`, body, ifMatch }),
    );
  }

  @Put(':id/status')
  @ById('certificate')
  @RevisionGuarded()
  @RelayedCommand(ChangeCertificateStatusDto, {
    description: 'Done; the ETag is the new revision',
    schema: revisioned,
    conflict: 'The certificate changed since the ETag given, or the change is refused',
  })
  async changeStatus(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    return relay(
      response,
      await this.certificates.call(session, { method: 'PUT', path: `${certificatePath(id)}/status`, body, ifMatch }),
    );
  }

  @Post(':id/access/renewals')
  @ById('certificate')
  @HttpCode(200)
  @RevisionGuarded()
  @RelayedCommand(RenewAccessDto, {
    description: 'Done; the ETag is the new revision',
    schema: revisioned,
    conflict:
      'The certificate changed since the ETag given, or the new expiration is earlier than the current one and ' +
      '`confirmEarlierExpiry` is not true (`fields` names it; the message gives both dates)',
  })
  async renewAccess(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    return relay(
      response,
      await this.certificates.call(session, {
        method: 'POST',
        path: `${certificatePath(id)}/access/renewals`,
        body,
        ifMatch,
      }),
    );
  }

  @Get(':id/client-services')
  @ById('certificate')
  @ApiOkResponse({ description: 'The client services signing with the certificate' })
  async clientServicesOf(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const certificate = await this.certificates.call(session, { method: 'GET', path: certificatePath(id) });
    if (certificate.status !== 200) return relay(response, certificate);
    return relay(
      response,
      await this.clientServices.call(session, { method: 'GET', path: `${certificatePath(id)}/client-services` }),
    );
  }

  @Post(':id/client-services/reactivations')
  @ById('certificate')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'Reactivates the client services that the expiry of its access suspended',
    schema: reactivation,
  })
  async reactivate(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    return relay(
      response,
      await this.clientServices.call(session, {
        method: 'POST',
        path: `${certificatePath(id)}/reactivations`,
        body: {},
      }),
    );
  }

  @Get(':id/notifications')
  @ById('certificate')
  @ApiOkResponse({ description: 'The e-mails sent about the certificate' })
  async notificationsOf(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const certificate = await this.certificates.call(session, { method: 'GET', path: certificatePath(id) });
    if (certificate.status !== 200) return relay(response, certificate);
    return relay(
      response,
      await this.notifications.call(session, { method: 'GET', path: '/notifications', query: { certificateId: id } }),
    );
  }
}
