import { Body, Controller, Get, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentSession } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import { CLIENT_SERVICE_SERVICE, DownstreamClient, relay } from './downstream.client';

/** The backoffice's client service functions, over the client-service service. */
@ApiTags('client services')
@Controller('api/client-services')
export class ClientServicesController {
  constructor(@Inject(CLIENT_SERVICE_SERVICE) private readonly clientServices: DownstreamClient) {}

  @Get()
  async list(@CurrentSession() session: Session, @Query() query: Record<string, string>, @Res({ passthrough: true }) response: Response) {
    return relay(response, await this.clientServices.call(session, { method: 'GET', path: '/client-services', query }));
  }

  @Post()
  async register(@CurrentSession() session: Session, @Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    return relay(response, await this.clientServices.call(session, { method: 'POST', path: '/client-services', body }));
  }

  @Get(':id')
  async detail(@CurrentSession() session: Session, @Param('id') id: string, @Res({ passthrough: true }) response: Response) {
    return relay(response, await this.clientServices.call(session, { method: 'GET', path: `/client-services/${encodeURIComponent(id)}` }));
  }

  @Put(':id/status')
  async changeStatus(@CurrentSession() session: Session, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    return relay(response, await this.clientServices.call(session, { method: 'PUT', path: `/client-services/${encodeURIComponent(id)}/status`, body }));
  }
}
