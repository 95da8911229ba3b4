import { ArrayNotEmpty, IsEmail, IsInt, IsNotEmpty, IsString, IsUrl, Max, Min, Matches } from 'class-validator';
import { EnvInt, EnvList } from '@signstash/platform';

export class NotificationServiceConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3003;

  @IsString()
  @IsNotEmpty()
  MONGO_URL: string;

  @IsString()
  @IsNotEmpty()
  MONGO_DB = 'notification_service';

  @EnvList()
  @ArrayNotEmpty()
  @IsString({ each: true })
  KAFKA_BROKERS: string[];

  /** Prepended to every integration topic, so environments sharing a Kafka cluster stay apart. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]*$/)
  KAFKA_TOPIC_PREFIX = '';

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

  @IsString()
  @IsNotEmpty()
  CONSUMER_GROUP = 'notification-service';

  /** Where links in e-mails point: the backoffice as operators reach it. */
  @IsUrl({ require_tld: false })
  BACKOFFICE_PUBLIC_URL: string;
}
