import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { RetryLaterException } from '@signstash/platform';
import { publicStatus } from '../notifications/notification.view';
import { MailChecks } from './mail-checks';
import type { TestMailRecorded } from '@signstash/api';

export class SendMailCheckDto {
  @ApiProperty({ description: 'The operator asking: at most one test mail each 30 s' })
  @IsString()
  @MaxLength(100)
  operatorId: string;

  @ApiProperty({ description: 'Where to send it: the operator’s own address' })
  @IsEmail()
  email: string;

  @ApiProperty({ description: 'The operator’s name, to greet them' })
  @IsString()
  @MaxLength(200)
  name: string;
}

/**
 * A mail check: the "test e-mail" of the settings page, so an operator sees that Sign'Stash's mail
 * reaches them. Its route and the kind it is stored under keep the API's name (`test-mails`, `TestMail`).
 */
@ApiTags('notifications')
@Controller('issuers/:issuerId/test-mails')
export class MailChecksController {
  constructor(private readonly mailChecks: MailChecks) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({
    description: 'Recorded and being sent: `{ id, status }`; follow it at GET …/notifications/:id',
  })
  @ApiBadRequestResponse({ description: '`fields` names the field at fault (`operatorId`, `email`, `name`)' })
  @ApiTooManyRequestsResponse({
    description: 'This operator had a test mail less than 30 s ago; Retry-After says when',
  })
  async send(@Param('issuerId') issuerId: string, @Body() dto: SendMailCheckDto): Promise<TestMailRecorded> {
    const outcome = await this.mailChecks.send(issuerId, dto);
    if ('sent' in outcome) return { id: outcome.sent._id, status: publicStatus(outcome.sent.status) };
    const seconds = Math.ceil(outcome.retryAfterMs / 1000);
    throw new RetryLaterException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `A test e-mail was sent less than 30 seconds ago. Try again in ${seconds} s.`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
      seconds,
    );
  }
}
