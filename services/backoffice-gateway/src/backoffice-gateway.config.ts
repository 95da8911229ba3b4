import { IsIn, IsNotEmpty, IsString, IsUrl } from 'class-validator';
import { EnginesConfig, EnvInteger, EnvPort } from '@signstash/platform';

const url = { require_tld: false, require_protocol: true };

export class BackofficeGatewayConfig extends EnginesConfig {
  @EnvPort()
  PORT = 3000;

  @IsIn(['development', 'production'])
  NODE_ENV: 'development' | 'production' = 'production';

  /** In production the backoffice is served over HTTPS only: Secure cookies, HSTS. */
  get httpsOnly(): boolean {
    return this.NODE_ENV === 'production';
  }

  override MONGO_DB = 'backoffice_gateway';

  @IsUrl(url)
  CERTIFICATE_SERVICE_URL: string;

  @IsUrl(url)
  CLIENT_SERVICE_SERVICE_URL: string;

  @IsUrl(url)
  NOTIFICATION_SERVICE_URL: string;

  /** Of the replicas, the one holding the operator-outbox relay's lease publishes; a standby takes over at most this long after the holder dies. */
  @EnvInteger(1)
  LEASE_TTL_SECONDS = 10;

  /** A session ends after this many minutes without a request… */
  @EnvInteger(1, 7 * 24 * 60)
  SESSION_IDLE_MINUTES = 8 * 60;

  /** …and this many hours after the login, however busy. */
  @EnvInteger(1, 30 * 24)
  SESSION_ABSOLUTE_HOURS = 24;

  /** Where the built web UI is (npm run web:build). */
  @IsString()
  @IsNotEmpty()
  WEB_DIST_DIR = 'services/backoffice-gateway/web/dist';
}
