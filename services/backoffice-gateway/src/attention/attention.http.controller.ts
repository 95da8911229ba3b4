import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { CurrentSession } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import { CERTIFICATE_SERVICE, CLIENT_SERVICE_SERVICE, DownstreamClient } from '../api/downstream.client';
import { SessionRequired } from '../api/api-docs.decorators';

interface AttentionRow {
  id: string;
  alias: string;
  status: 'active' | 'inactive';
  accessExpiresAt: string;
  accessState: 'granted' | 'expired';
  daysLeft: number;
}
interface AttentionBucket {
  key: 'expired' | 'within7' | 'within30' | 'within90';
  total: number;
  items: AttentionRow[];
}

const attentionSchema: SchemaObject = {
  type: 'object',
  required: ['buckets', 'suspendedClientServices'],
  properties: {
    suspendedClientServices: {
      type: 'integer',
      description: "Client services of the issuer's certificates now suspended",
    },
    buckets: {
      type: 'array',
      description: 'Disjoint: expired, then expiring within 7 days, in 8–30 days, in 31–90 days',
      items: {
        type: 'object',
        required: ['key', 'total', 'items'],
        properties: {
          key: { type: 'string', enum: ['expired', 'within7', 'within30', 'within90'] },
          total: { type: 'integer', description: 'Every certificate of the bucket, however many rows are given' },
          items: {
            type: 'array',
            description: 'The first 50, soonest expiry first',
            items: {
              type: 'object',
              required: [
                'id',
                'alias',
                'status',
                'accessExpiresAt',
                'accessState',
                'daysLeft',
                'suspendedClientServices',
              ],
              properties: {
                id: { type: 'string', format: 'uuid' },
                alias: { type: 'string' },
                status: { type: 'string', enum: ['active', 'inactive'] },
                accessExpiresAt: { type: 'string', format: 'date-time' },
                accessState: { type: 'string', enum: ['granted', 'expired'] },
                daysLeft: { type: 'integer' },
                suspendedClientServices: { type: 'integer' },
              },
            },
          },
        },
      },
    },
  },
};

/**
 * The page after login: what needs an operator's action. Counts come from the owning services'
 * read models (certificate list; client-service list), never from pages read by the browser.
 */
@ApiTags('attention')
@SessionRequired()
@Controller('api/attention')
export class AttentionController {
  constructor(
    @Inject(CERTIFICATE_SERVICE) private readonly certificates: DownstreamClient,
    @Inject(CLIENT_SERVICE_SERVICE) private readonly clientServices: DownstreamClient,
  ) {}

  @Get()
  @ApiOkResponse({ description: "The issuer's accesses expired and expiring within 90 days", schema: attentionSchema })
  async attention(@CurrentSession() session: Session) {
    const [attention, suspended] = await Promise.all([
      this.certificates.call<{ buckets: AttentionBucket[] }>(session, { method: 'GET', path: '/attention' }),
      this.clientServices.call<{ items: Array<{ certificateId: string; suspended: number }> }>(session, {
        method: 'GET',
        path: '/suspended-client-services',
      }),
    ]);
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
