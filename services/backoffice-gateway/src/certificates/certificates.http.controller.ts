import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
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
  passOnRefusal,
  relay,
} from '../downstream/downstream.client';
import {
  ById,
  CertificateViewWait,
  RelayedCommand,
  RelayedQuery,
  SessionRequired,
} from '../downstream/api-docs.decorators';
import { certificateRevision } from '../downstream/certificate-revision';
import { CertificateEdit, CertificateEditOf, type CertificateEditRequest } from './certificate-edit.decorators';
import { CertificateDetails, CertificateHistory, CertificatePage, Revisioned } from './certificate.answers';
import { ClientServiceList, Reactivation } from '../client-services/client-service.answers';
import { isCertificateMail, NotificationList } from './notification.answers';
import type { CertificateServiceRoutes, ClientServiceServiceRoutes, NotificationServiceRoutes } from '@signstash/api';

/** The backoffice's certificate functions, over the certificate service (and, per certificate, its client services and e-mails). */
@ApiTags('certificates')
@SessionRequired()
@Controller('api/certificates')
export class CertificatesController {
  constructor(
    @Inject(CERTIFICATE_SERVICE) private readonly certificates: DownstreamClient<CertificateServiceRoutes>,
    @Inject(CLIENT_SERVICE_SERVICE) private readonly clientServices: DownstreamClient<ClientServiceServiceRoutes>,
    @Inject(NOTIFICATION_SERVICE) private readonly notifications: DownstreamClient<NotificationServiceRoutes>,
    private readonly operators: OperatorDirectory,
  ) {}

  @Get()
  @RelayedQuery(ListCertificatesDto, { description: "A page of the issuer's certificates", type: CertificatePage })
  async list(
    @CurrentSession() session: Session,
    @Query() query: Record<string, string>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CertificatePage> {
    return relay(response, await this.certificates.call(session, 'GET /certificates', { query }));
  }

  @Post()
  @RelayedCommand(RegisterCertificateDto, {
    created: true,
    description: 'Registered; the ETag is its revision',
    type: Revisioned,
    conflict:
      'The alias is already used by another certificate of the issuer, or the same PEM (SHA-256 fingerprint) is ' +
      'registered already (`fields` names `pem`; the message names the alias holding it)',
    rule:
      '`pem` holds no certificate valid now, or the access does not end in the future and within the ' +
      "certificate's validity, or was granted in the future (`fields` names which)",
  })
  async register(
    @CurrentSession() session: Session,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    return relay(response, await this.certificates.call(session, 'POST /certificates', { body }));
  }

  @Get(':id')
  @ById('certificate')
  @ApiOkResponse({
    description: 'The certificate and its CA access; the ETag is its revision',
    type: CertificateDetails,
  })
  async detail(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CertificateDetails> {
    const detail = relay(
      response,
      await this.certificates.call(session, 'GET /certificates/:certificateId', { params: { certificateId: id } }),
    );
    const names = await this.operators.namesOf(session.issuerId, [detail.registeredBy, detail.updatedBy]);
    return { ...detail, registeredByName: names.get(detail.registeredBy), updatedByName: names.get(detail.updatedBy) };
  }

  @Get(':id/history')
  @ById('certificate')
  @ApiOkResponse({
    description: 'What happened to the certificate, and to its client services because of it, newest first',
    type: CertificateHistory,
  })
  async history(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CertificateHistory> {
    const history = relay(
      response,
      await this.certificates.call(session, 'GET /certificates/:certificateId/history', {
        params: { certificateId: id },
      }),
    );
    return { ...history, items: await this.operators.withNames(session.issuerId, history.items) };
  }

  @Patch(':id/details')
  @CertificateEdit(ChangeDetailsDto)
  changeDetails(
    @CertificateEditOf() edit: CertificateEditRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    return this.relayEdit(response, 'PATCH /certificates/:certificateId/details', edit);
  }

  @Put(':id/status')
  @CertificateEdit(ChangeCertificateStatusDto)
  changeStatus(
    @CertificateEditOf() edit: CertificateEditRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    return this.relayEdit(response, 'PUT /certificates/:certificateId/status', edit);
  }

  @Post(':id/access/renewals')
  @HttpCode(200)
  @CertificateEdit(RenewAccessDto, {
    conflict:
      'The certificate changed since the ETag given, or the new expiration is earlier than the current one and ' +
      '`confirmEarlierExpiry` is not true (`fields` names it; the message gives both dates)',
    rule: "`expiresAt` is not in the future, or later than the certificate's own validity",
  })
  renewAccess(
    @CertificateEditOf() edit: CertificateEditRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    return this.relayEdit(response, 'POST /certificates/:certificateId/access/renewals', edit);
  }

  @Get(':id/client-services')
  @ById('certificate')
  @ApiOkResponse({ description: 'The client services signing with the certificate', type: ClientServiceList })
  async clientServicesOf(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientServiceList> {
    passOnRefusal(
      await this.certificates.call(session, 'GET /certificates/:certificateId', { params: { certificateId: id } }),
    );
    return relay(
      response,
      await this.clientServices.call(session, 'GET /certificates/:certificateId/client-services', {
        params: { certificateId: id },
      }),
    );
  }

  @Post(':id/client-services/reactivations')
  @ById('certificate')
  @CertificateViewWait()
  @HttpCode(200)
  @ApiOkResponse({
    description: 'Reactivates the client services that the expiry of its access suspended',
    type: Reactivation,
  })
  async reactivate(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Reactivation> {
    return relay(
      response,
      await this.clientServices.call(session, 'POST /certificates/:certificateId/reactivations', {
        params: { certificateId: id },
        body: {},
        headers: await certificateRevision(this.certificates, session, id),
      }),
    );
  }

  @Get(':id/notifications')
  @ById('certificate')
  @ApiOkResponse({ description: 'The e-mails sent about the certificate', type: NotificationList })
  async notificationsOf(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NotificationList> {
    passOnRefusal(
      await this.certificates.call(session, 'GET /certificates/:certificateId', { params: { certificateId: id } }),
    );
    const mails = relay(
      response,
      await this.notifications.call(session, 'GET /notifications', { query: { certificateId: id } }),
    );
    return { items: mails.items.filter(isCertificateMail) };
  }

  private async relayEdit(
    response: Response,
    route:
      | 'PATCH /certificates/:certificateId/details'
      | 'PUT /certificates/:certificateId/status'
      | 'POST /certificates/:certificateId/access/renewals',
    { session, certificateId, body, ifMatch }: CertificateEditRequest,
  ): Promise<Revisioned> {
    return relay(response, await this.certificates.call(session, route, { params: { certificateId }, body, ifMatch }));
  }
}
