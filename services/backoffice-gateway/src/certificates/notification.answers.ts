import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The notification service's answers about a certificate's e-mails, as the gateway passes them on.

const KINDS = ['AccessExpiring', 'AccessExpired', 'AccessUsageWarned'] as const;
const STATUSES = ['pending', 'sent', 'failed', 'withdrawn'] as const;

export class Notification {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: KINDS, enumName: 'NotificationKind' })
  kind: (typeof KINDS)[number];

  @ApiProperty({ format: 'uuid' })
  certificateId: string;

  @ApiProperty()
  recipient: string;

  @ApiProperty()
  subject: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  /** A mail being sent is still pending. */
  @ApiProperty({ enum: STATUSES, enumName: 'NotificationStatus' })
  status: (typeof STATUSES)[number];

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiPropertyOptional({ format: 'date-time' })
  sentAt?: string;

  @ApiPropertyOptional()
  lastError?: string;
}

export class NotificationList {
  @ApiProperty({ type: [Notification], description: 'Newest first, at most 200' })
  items: Notification[];
}
