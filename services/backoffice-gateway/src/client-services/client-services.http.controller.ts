import { Body, Controller, Get, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChangeClientServiceStatusDto, ListClientServicesDto, RegisterClientServiceDto } from '@signstash/api';
import { CurrentSession } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import {
  CERTIFICATE_SERVICE,
  CLIENT_SERVICE_SERVICE,
  DownstreamClient,
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
import { FieldErrors } from '../downstream/common.answers';
import { OperatorDirectory } from '../operators/operator-directory.service';
import { ClientService, ClientServiceHistory, ClientServiceOutcome, ClientServicePage } from './client-service.answers';
import type { CertificateServiceRoutes, ClientServiceServiceRoutes } from '@signstash/api';

/** The backoffice's client service functions, over the client-service service. */
@ApiTags('client services')
@SessionRequired()
@Controller('api/client-services')
export class ClientServicesController {
  constructor(
    @Inject(CLIENT_SERVICE_SERVICE) private readonly clientServices: DownstreamClient<ClientServiceServiceRoutes>,
    private readonly operators: OperatorDirectory,
    @Inject(CERTIFICATE_SERVICE) private readonly certificates: DownstreamClient<CertificateServiceRoutes>,
  ) {}

  @Get()
  @RelayedQuery(ListClientServicesDto, {
    description: "A page of the issuer's client services",
    type: ClientServicePage,
  })
  async list(
    @CurrentSession() session: Session,
    @Query() query: Record<string, string>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientServicePage> {
    return relay(response, await this.clientServices.call(session, 'GET /client-services', { query }));
  }

  @Post()
  @RelayedCommand(RegisterClientServiceDto, {
    created: true,
    description: "Registered; suspended at once if the certificate's CA access has expired",
    type: ClientServiceOutcome,
    conflict: 'Refused by the client service service, with the reason',
  })
  @ApiNotFoundResponse({
    description: 'The issuer has no such certificate; `fields` names `certificateId`',
    type: FieldErrors,
  })
  @CertificateViewWait()
  async register(
    @CurrentSession() session: Session,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientServiceOutcome> {
    const certificateId = (body as { certificateId?: unknown } | null)?.certificateId;
    const headers = await certificateRevision(this.certificates, session, certificateId, 'certificateId');
    return relay(
      response,
      await this.clientServices.call(session, 'POST /client-services', {
        body,
        headers,
      }),
    );
  }

  @Get(':id')
  @ById('client service')
  @ApiOkResponse({ description: 'The client service', type: ClientService })
  async detail(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientService> {
    return relay(
      response,
      await this.clientServices.call(session, 'GET /client-services/:id', {
        params: { id },
      }),
    );
  }

  @Get(':id/history')
  @ById('client service')
  @ApiOkResponse({
    description: 'Each status it was put in, newest first, with who and why',
    type: ClientServiceHistory,
  })
  async history(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientServiceHistory> {
    const history = relay(
      response,
      await this.clientServices.call(session, 'GET /client-services/:id/history', {
        params: { id },
      }),
    );
    return { ...history, items: await this.operators.withNames(session.issuerId, history.items) };
  }

  @Put(':id/status')
  @ById('client service')
  @RelayedCommand(ChangeClientServiceStatusDto, {
    description: 'Done',
    type: ClientServiceOutcome,
    conflict: 'Refused, with the reason (e.g. the CA access of its certificate expired)',
  })
  @CertificateViewWait()
  async changeStatus(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientServiceOutcome> {
    let headers = {};
    // An activation is decided on the certificate's access (renewed a moment ago, perhaps).
    if ((body as { status?: unknown } | null)?.status === 'ACTIVE') {
      const current = await this.clientServices.call(session, 'GET /client-services/:id', { params: { id } });
      passOnRefusal(current);
      headers = await certificateRevision(this.certificates, session, current.body.certificateId);
    }
    return relay(
      response,
      await this.clientServices.call(session, 'PUT /client-services/:id/status', {
        params: { id },
        body,
        headers,
      }),
    );
  }
}
