import {
  ArrayNotEmpty,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ConsumerGroupId, EnvInteger, EnvIntList, EnvPort } from '@signstash/platform';
import { EventSourcedServiceConfig } from '@signstash/event-store';
import { tokenKeyProblem } from './ca-access/ca-token.cipher';
import { DEFAULT_WARNING_DAYS } from './certificates/certificate.rules';

@ValidatorConstraint({ name: 'tokenKey' })
class TokenKeyRule implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && tokenKeyProblem(value) === undefined;
  }
  defaultMessage() {
    return tokenKeyProblem('') ?? 'is invalid';
  }
}

export class CertificateServiceConfig extends EventSourcedServiceConfig {
  @EnvPort()
  PORT = 3001;

  override SQLITE_PATH = '.run/data/certificate-service.sqlite';
  override POSTGRES_SCHEMA = 'certificate_service';
  override MONGO_DB = 'certificate_service';

  /** The consumer group of client-service events (the certificates' history of their client services). */
  @ConsumerGroupId()
  CONSUMER_GROUP = 'certificate-service';

  @EnvInteger(1)
  EXPIRY_CHECK_INTERVAL_SECONDS = 60;

  /** Certificates an expiry pass checks at once. */
  @EnvInteger(1, 64)
  EXPIRY_CHECK_CONCURRENCY = 8;

  @EnvIntList()
  @ArrayNotEmpty()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  ACCESS_WARNING_DAYS: number[] = DEFAULT_WARNING_DAYS;

  /**
   * The key sealing what Sign'Stash keeps from the CAs (their tokens), AES-256-GCM: 32 random bytes
   * in base64 (`openssl rand -base64 32`). Needed once a CA is configured; never logged, not even when invalid.
   */
  @ValidateIf((c: CertificateServiceConfig) => c.CA_TOKEN_KEY !== undefined || Boolean(c.CERTIFICATE_AUTHORITIES_FILE))
  @IsString()
  @Validate(TokenKeyRule)
  CA_TOKEN_KEY?: string;

  /** The Certificate Authorities' configuration (JSON); none configured when unset. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  CERTIFICATE_AUTHORITIES_FILE?: string;
}
