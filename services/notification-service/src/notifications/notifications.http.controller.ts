import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { notFound } from '@signstash/contracts';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { NotificationOutbox } from './notification-outbox';
import type { NotificationStatus } from './notification.document';
import { notificationView } from './notification.view';
import type { Notification, NotificationList } from '@signstash/api';

export class ListNotificationsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  certificateId?: string;

  @ApiPropertyOptional({ enum: ['pending', 'sending', 'sent', 'failed', 'withdrawn'] })
  @IsOptional()
  @IsIn(['pending', 'sending', 'sent', 'failed', 'withdrawn'])
  status?: NotificationStatus;
}

/** The e-mails sent (or not yet, or failed) to an issuer's operators, newest first. */
@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(private readonly outbox: NotificationOutbox) {}

  @Get('issuers/:issuerId/notifications')
  async list(@Param('issuerId') issuerId: string, @Query() query: ListNotificationsDto): Promise<NotificationList> {
    const documents = await this.outbox.collection
      .find({
        issuerId,
        ...(query.certificateId ? { certificateId: query.certificateId } : {}),
        ...(query.status ? { status: query.status } : {}),
      })
      .sort({ createdAt: -1 })
      .limit(200)
      .toArray();
    return { items: documents.map(notificationView) };
  }

  @Get('issuers/:issuerId/notifications/:id')
  @ApiOkResponse({ description: 'The mail, as an item of the list' })
  @ApiNotFoundResponse({ description: 'No such mail, or it belongs to another issuer' })
  async get(@Param('issuerId') issuerId: string, @Param('id') id: string): Promise<Notification> {
    const document = await this.outbox.collection.findOne({ _id: id, issuerId });
    if (!document) throw notFound('notification');
    return notificationView(document);
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
