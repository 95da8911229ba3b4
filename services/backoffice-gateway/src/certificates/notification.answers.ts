import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CERTIFICATE_MAIL_KINDS, NOTIFICATION_STATUSES } from '@signstash/api';
import type * as Api from '@signstash/api';

// The notification service's answers about a certificate's e-mails, as the gateway passes them on.

export class Notification implements Api.Notification {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: CERTIFICATE_MAIL_KINDS, enumName: 'NotificationKind' })
  kind: (typeof CERTIFICATE_MAIL_KINDS)[number];

  @ApiProperty({ format: 'uuid' })
  certificateId: string;

  @ApiProperty()
  recipient: string;

  @ApiProperty()
  subject: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  /** A mail being sent is still pending. */
  @ApiProperty({ enum: NOTIFICATION_STATUSES, enumName: 'NotificationStatus' })
  status: (typeof NOTIFICATION_STATUSES)[number];

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiPropertyOptional({ format: 'date-time' })
  sentAt?: string;

  @ApiPropertyOptional()
  lastError?: string;
}

export class NotificationList implements Api.NotificationList {
  @ApiProperty({ type: [Notification], description: 'Newest first, at most 200' })
  items: Notification[];
}

/**
 * A mail about a certificate: the list asked by certificate holds nothing else (a test mail names
 * none), and this says so to the type.
 */
export const isCertificateMail = (mail: Api.Notification): mail is Notification =>
  mail.kind !== 'TestMail' && mail.certificateId !== undefined;
