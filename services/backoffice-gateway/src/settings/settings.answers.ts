import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as Api from '@signstash/api';

// What the settings page reads: the issuer's warning thresholds, the operator's own e-mails, and who changed what.

export class WarningThresholdsAnswer implements Omit<Api.IssuerWarningThresholds, 'changes'> {
  @ApiProperty({ type: [Number], description: 'Days before an access expires, largest first' })
  thresholdsDays: number[];

  @ApiProperty({ description: "True while the issuer never chose its own: the service's defaults apply" })
  isDefault: boolean;

  @ApiProperty({ type: [Number] })
  defaultsDays: number[];
}

export class MailChoicesAnswer {
  @ApiProperty({ description: 'The warnings before an access expires' })
  warnings: boolean;

  @ApiProperty({ description: 'The notice that an access expired and its client services were suspended' })
  expiries: boolean;

  @ApiProperty({ description: 'True for issuer operators: they always get the expiry notice' })
  expiriesAlways: boolean;
}

export class ThresholdChange {
  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiPropertyOptional({ description: 'Who changed them; absent when the operator is not known any more' })
  byName?: string;

  @ApiProperty({ type: [Number] })
  from: number[];

  @ApiProperty({ type: [Number] })
  to: number[];
}

const MAIL_SETTINGS = ['warnings', 'expiries'] as const;

export class MailChoiceChange {
  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ description: 'The operator who made the choice (for their own e-mails)' })
  byName: string;

  @ApiProperty({ enum: MAIL_SETTINGS, enumName: 'MailSetting' })
  setting: (typeof MAIL_SETTINGS)[number];

  @ApiProperty()
  from: boolean;

  @ApiProperty()
  to: boolean;
}

export class Settings {
  @ApiProperty({ type: WarningThresholdsAnswer })
  warningThresholds: WarningThresholdsAnswer;

  @ApiProperty({ description: 'Whether this operator may change the thresholds (issuer operators only)' })
  canChangeThresholds: boolean;

  @ApiProperty({ type: MailChoicesAnswer, description: "This operator's e-mails" })
  mail: MailChoicesAnswer;

  @ApiProperty({ description: 'Where they are sent' })
  email: string;

  @ApiProperty({ type: [ThresholdChange], description: "Every change of the issuer's thresholds, newest first" })
  thresholdChanges: ThresholdChange[];

  @ApiProperty({
    type: [MailChoiceChange],
    description: "Every choice of e-mails by the issuer's operators, newest first",
  })
  mailChanges: MailChoiceChange[];
}

const TEST_MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;

export class TestMail {
  @ApiProperty()
  id: string;

  @ApiProperty()
  recipient: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  /** A mail being sent is still pending; only a certificate's mails are ever withdrawn, so the enum leaves that out. */
  @ApiProperty({ enum: TEST_MAIL_STATUSES, enumName: 'TestMailStatus' })
  status: Api.Notification['status'];

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the mail server accepted it' })
  sentAt?: string;

  @ApiPropertyOptional({ description: 'Why the last attempt failed' })
  lastError?: string;
}
