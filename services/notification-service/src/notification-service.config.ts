import { IsEmail, IsNotEmpty, IsString, IsUrl } from 'class-validator';
import { ConsumerGroupId, EnginesConfig, EnvInteger, EnvPort } from '@signstash/platform';

export class NotificationServiceConfig extends EnginesConfig {
  @EnvPort()
  PORT = 3003;

  override MONGO_DB = 'notification_service';

  @IsString()
  @IsNotEmpty()
  SMTP_HOST: string;

  @EnvPort()
  SMTP_PORT: number;

  @IsEmail()
  MAIL_FROM = 'no-reply@signstash.local';

  /**
   * How long a mail is retried while SMTP refuses it (24 h), and never after it stops being true (a
   * warning once its access expired); then it is marked failed (it stays visible and can be retried).
   */
  @EnvInteger(1)
  MAIL_RETRY_HORIZON_SECONDS = 24 * 60 * 60;

  /** First retry delay when SMTP refuses; doubles with each attempt, up to MAIL_MAX_BACKOFF_MS. */
  @EnvInteger(10)
  MAIL_INITIAL_BACKOFF_MS = 1000;

  /** The longest wait between two tries of a mail (5 minutes): SMTP back is noticed within it. */
  @EnvInteger(10)
  MAIL_MAX_BACKOFF_MS = 5 * 60_000;

  @ConsumerGroupId()
  CONSUMER_GROUP = 'notification-service';

  /** Where links in e-mails point: the backoffice as operators reach it. */
  @IsUrl({ require_tld: false })
  BACKOFFICE_PUBLIC_URL: string;
}
