import { IsEmail, IsInt, IsNotEmpty, IsString, IsUrl, Max, Min } from 'class-validator';
import { ConsumerGroupId, EnginesConfig, EnvInt } from '@signstash/platform';

export class NotificationServiceConfig extends EnginesConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3003;

  override MONGO_DB = 'notification_service';

  @IsString()
  @IsNotEmpty()
  SMTP_HOST: string;

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT: number;

  @IsEmail()
  MAIL_FROM = 'no-reply@signstash.local';

  /**
   * How long a mail is retried while SMTP refuses it (24 h), and never after it stops being true (a
   * warning once its access expired); then it is marked failed (it stays visible and can be retried).
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  MAIL_RETRY_HORIZON_SECONDS = 24 * 60 * 60;

  /** First retry delay when SMTP refuses; doubles with each attempt, up to MAIL_MAX_BACKOFF_MS. */
  @EnvInt()
  @IsInt()
  @Min(10)
  MAIL_INITIAL_BACKOFF_MS = 1000;

  /** The longest wait between two tries of a mail (5 minutes): SMTP back is noticed within it. */
  @EnvInt()
  @IsInt()
  @Min(10)
  MAIL_MAX_BACKOFF_MS = 5 * 60_000;

  @ConsumerGroupId()
  CONSUMER_GROUP = 'notification-service';

  /** Where links in e-mails point: the backoffice as operators reach it. */
  @IsUrl({ require_tld: false })
  BACKOFFICE_PUBLIC_URL: string;
}
