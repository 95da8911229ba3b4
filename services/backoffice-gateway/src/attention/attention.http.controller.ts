import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentSession } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import {
  CERTIFICATE_SERVICE,
  CLIENT_SERVICE_SERVICE,
  DownstreamClient,
  passOnRefusal,
} from '../downstream/downstream.client';
import { Attention } from './attention.answers';
import { SessionRequired } from '../downstream/api-docs.decorators';
import type { CertificateServiceRoutes, ClientServiceServiceRoutes } from '@signstash/api';

/**
 * The page after login: what needs an operator's action. Counts come from the owning services'
 * read models (certificate list; client-service list), never from pages read by the browser.
 */
@ApiTags('attention')
@SessionRequired()
@Controller('api/attention')
export class AttentionController {
  constructor(
    @Inject(CERTIFICATE_SERVICE) private readonly certificates: DownstreamClient<CertificateServiceRoutes>,
    @Inject(CLIENT_SERVICE_SERVICE) private readonly clientServices: DownstreamClient<ClientServiceServiceRoutes>,
  ) {}

  @Get()
  @ApiOkResponse({ description: "The issuer's accesses expired and expiring within 90 days", type: Attention })
  async attention(@CurrentSession() session: Session): Promise<Attention> {
    const [attention, suspended] = await Promise.all([
      this.certificates.call(session, 'GET /attention'),
      this.clientServices.call(session, 'GET /suspended-client-services'),
    ]);
    passOnRefusal(attention);
    passOnRefusal(suspended);
    const counts = new Map(suspended.body.items.map((item) => [item.certificateId, item.suspended]));
    return {
      suspendedClientServices: suspended.body.items.reduce((sum, item) => sum + item.suspended, 0),
      buckets: attention.body.buckets.map((bucket) => ({
        ...bucket,
        items: bucket.items.map((item) => ({ ...item, suspendedClientServices: counts.get(item.id) ?? 0 })),
      })),
    };
  }
}
