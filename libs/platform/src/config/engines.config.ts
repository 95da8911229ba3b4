import { ArrayNotEmpty, IsNotEmpty, IsString, Matches } from 'class-validator';
import { EnvList } from './env-decorators';

/**
 * The engines every service reaches, MongoDB and Kafka, as each service's config class declares
 * them: the class extends this one and gives its own defaults (its `MONGO_DB`).
 */
export class EnginesConfig {
  @IsString()
  @IsNotEmpty()
  MONGO_URL: string;

  @IsString()
  @IsNotEmpty()
  MONGO_DB: string;

  @EnvList()
  @ArrayNotEmpty()
  @IsString({ each: true })
  KAFKA_BROKERS: string[];

  /** Prepended to every integration topic, so environments sharing a Kafka cluster stay apart. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]*$/)
  KAFKA_TOPIC_PREFIX = '';
}

/** A Kafka consumer group id, validated alike in every service that consumes (`CONSUMER_GROUP`). */
export const ConsumerGroupId = (): PropertyDecorator => (target, property) => {
  IsString()(target, property);
  Matches(/^[A-Za-z0-9._-]+$/)(target, property);
};
