import { ArrayNotEmpty, IsEmail, IsInt, IsNotEmpty, IsString, IsUrl, Max, Min } from 'class-validator';
import { EnvInt, EnvList } from '@signstash/platform';

export class NotificationServiceConfig {
  @EnvInt() @IsInt() @Min(1) @Max(65535)
  PORT = 3003;

  @IsString() @IsNotEmpty()
  MONGO_URL: string;

  @IsString() @IsNotEmpty()
  MONGO_DB = 'notification_service';

  @EnvList() @ArrayNotEmpty() @IsString({ each: true })
  KAFKA_BROKERS: string[];

  @IsString() @IsNotEmpty()
  SMTP_HOST: string;

  @EnvInt() @IsInt() @Min(1) @Max(65535)
  SMTP_PORT: number;

  @IsEmail()
  MAIL_FROM = 'no-reply@signstash.local';

  /** Where links in e-mails point: the backoffice as operators reach it. */
  @IsUrl({ require_tld: false })
  BACKOFFICE_PUBLIC_URL: string;
}
