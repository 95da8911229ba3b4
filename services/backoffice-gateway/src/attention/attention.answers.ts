import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_STATES, ATTENTION_BUCKETS, CERTIFICATE_STATUSES } from '@signstash/api';
import type * as Api from '@signstash/api';

// The dashboard's answer: the certificate service's buckets with the client-service counts added.

export class AttentionRow implements Api.CertificateAttentionRow {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  alias: string;

  @ApiProperty({ enum: CERTIFICATE_STATUSES, enumName: 'CertificateStatus' })
  status: Api.CertificateStatus;

  @ApiProperty({ format: 'date-time' })
  accessExpiresAt: string;

  @ApiProperty({ enum: ACCESS_STATES, enumName: 'AccessState' })
  accessState: Api.AccessState;

  @ApiProperty({ type: 'integer', description: 'Whole days until the access expires; 0 once expired' })
  daysLeft: number;

  @ApiProperty({ type: 'integer', description: 'Client services of this certificate now suspended' })
  suspendedClientServices: number;
}

export class AttentionBucket implements Api.CertificateAttentionBucket {
  @ApiProperty({ enum: ATTENTION_BUCKETS, enumName: 'AttentionBucketKey' })
  key: Api.AttentionBucketKey;

  @ApiProperty({ type: 'integer', description: 'Every certificate of the bucket, however many rows are given' })
  total: number;

  @ApiProperty({ type: [AttentionRow], description: 'The first 50, soonest expiry first' })
  items: AttentionRow[];
}

export class Attention {
  @ApiProperty({ type: 'integer', description: "Client services of the issuer's certificates now suspended" })
  suspendedClientServices: number;

  @ApiProperty({
    type: [AttentionBucket],
    description: 'Disjoint: expired, then expiring within 7 days, in 8–30 days, in 31–90 days',
  })
  buckets: AttentionBucket[];
}
