import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { NotificationOutbox } from './notification-outbox';
import type { NotificationStatus } from './notification.document';

export class ListNotificationsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  certificateId?: string;

  @ApiPropertyOptional({ enum: ['pending', 'sending', 'sent', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'sending', 'sent', 'failed'])
  status?: NotificationStatus;
}

/** The e-mails sent (or not yet, or failed) to an issuer's operators, newest first. */
@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(private readonly outbox: NotificationOutbox) {}

  @Get('issuers/:issuerId/notifications')
  async list(@Param('issuerId') issuerId: string, @Query() query: ListNotificationsDto) {
    const documents = await this.outbox.collection
      .find({
        issuerId,
        ...(query.certificateId ? { certificateId: query.certificateId } : {}),
        ...(query.status ? { status: query.status } : {}),
      })
      .sort({ createdAt: -1 })
      .limit(200)
      .toArray();
    return {
      items: documents.map((d) => ({
        id: d._id,
        kind: d.kind,
        certificateId: d.certificateId,
        recipient: d.recipient,
        subject: d.subject,
        createdAt: d.createdAt.toISOString(),
        status: d.status === 'sending' ? 'pending' : d.status,
        attempts: d.attempts,
        ...(d.sentAt ? { sentAt: d.sentAt.toISOString() } : {}),
        ...(d.lastError ? { lastError: d.lastError } : {}),
      })),
    };
  }

  /** For ops: how many mails are in each state. */
  @Get('notifications/summary')
  summary() {
    return this.outbox.countByStatus();
  }

  /** For ops, after SMTP is fixed: send the failed mails again. */
  @Post('notifications/failed/retry')
  @HttpCode(200)
  async retryFailed() {
    return { requeued: await this.outbox.retryFailed() };
  }
}
