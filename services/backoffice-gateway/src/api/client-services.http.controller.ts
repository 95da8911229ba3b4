import { Body, Controller, Get, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChangeClientServiceStatusDto, ListClientServicesDto, RegisterClientServiceDto } from '@signstash/api';
import { CurrentSession } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import { CLIENT_SERVICE_SERVICE, DownstreamClient, relay } from './downstream.client';
import { ById, RelayedCommand, RelayedQuery, SessionRequired } from './api-docs.decorators';
import { OperatorDirectory } from '../operators/operator-directory.service';
import { ClientService, ClientServiceHistory, ClientServiceOutcome, ClientServicePage } from './client-service.answers';

/** The backoffice's client service functions, over the client-service service. */
@ApiTags('client services')
@SessionRequired()
@Controller('api/client-services')
export class ClientServicesController {
  constructor(
    @Inject(CLIENT_SERVICE_SERVICE) private readonly clientServices: DownstreamClient,
    private readonly operators: OperatorDirectory,
  ) {}

  @Get()
  @ApiOkResponse({ description: "A page of the issuer's client services", type: ClientServicePage })
  @RelayedQuery(ListClientServicesDto)
  async list(
    @CurrentSession() session: Session,
    @Query() query: Record<string, string>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientServicePage> {
    return relay(
      response,
      await this.clientServices.call<ClientServicePage>(session, { method: 'GET', path: '/client-services', query }),
    );
  }

  @Post()
  @RelayedCommand(RegisterClientServiceDto, {
    created: true,
    description: "Registered; suspended at once if the certificate's CA access has expired",
    type: ClientServiceOutcome,
    conflict: 'Refused by the client service service, with the reason',
  })
  async register(
    @CurrentSession() session: Session,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientServiceOutcome> {
    return relay(
      response,
      await this.clientServices.call<ClientServiceOutcome>(session, { method: 'POST', path: '/client-services', body }),
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
      await this.clientServices.call<ClientService>(session, {
        method: 'GET',
        path: `/client-services/${encodeURIComponent(id)}`,
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
      await this.clientServices.call<ClientServiceHistory>(session, {
        method: 'GET',
        path: `/client-services/${encodeURIComponent(id)}/history`,
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
  async changeStatus(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientServiceOutcome> {
    return relay(
      response,
      await this.clientServices.call<ClientServiceOutcome>(session, {
        method: 'PUT',
        path: `/client-services/${encodeURIComponent(id)}/status`,
        body,
      }),
    );
  }
}
