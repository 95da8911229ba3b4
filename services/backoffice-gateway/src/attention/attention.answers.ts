import { ApiProperty } from '@nestjs/swagger';

// The dashboard's answer: the certificate service's buckets with the client-service counts added.

const BUCKETS = ['expired', 'within7', 'within30', 'within90'] as const;

export class AttentionRow {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  alias: string;

  @ApiProperty({ enum: ['active', 'inactive'], enumName: 'CertificateStatus' })
  status: 'active' | 'inactive';

  @ApiProperty({ format: 'date-time' })
  accessExpiresAt: string;

  @ApiProperty({ enum: ['granted', 'expired'], enumName: 'AccessState' })
  accessState: 'granted' | 'expired';

  @ApiProperty({ type: 'integer', description: 'Whole days until the access expires; 0 once expired' })
  daysLeft: number;

  @ApiProperty({ type: 'integer', description: 'Client services of this certificate now suspended' })
  suspendedClientServices: number;
}

export class AttentionBucket {
  @ApiProperty({ enum: BUCKETS, enumName: 'AttentionBucketKey' })
  key: (typeof BUCKETS)[number];

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
