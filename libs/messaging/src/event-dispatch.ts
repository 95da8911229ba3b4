import { IntegrationEnvelope } from '@signstash/contracts';

export interface EventContext {
  topic: string;
  partition: number;
  offset: string;
  /** 1 on the first delivery to the handler, 2 on its first retry, … */
  attempt: number;
  /** Long handlers call it so the consumer group does not evict this member. */
  heartbeat(): Promise<void>;
  /**
   * When the consumer got the batch holding this message (epoch ms with sub-millisecond precision,
   * `performance.timeOrigin + performance.now()`): the message was published before then.
   */
  receivedAt: number;
  /** When the message was published (its Kafka timestamp, epoch ms). */
  publishedAt: number;
}

export type EventHandler<Envelope extends IntegrationEnvelope = IntegrationEnvelope> = (
  envelope: Envelope,
  context: EventContext,
) => Promise<void>;

/**
 * Handles every event of one type in a fetched batch at once (one round trip for many events), for
 * events whose effects commute (counts): it must be idempotent per event id, as a failed batch is
 * handed to the per-event handlers afterwards (retries, dead letters), and a redelivered one again.
 */
export type BatchHandler<Envelope extends IntegrationEnvelope = IntegrationEnvelope> = (
  envelopes: Envelope[],
  heartbeat: () => Promise<void>,
  /** When the last of them was published (the latest Kafka timestamp among them, epoch ms). */
  lastPublishedAt: number,
) => Promise<void>;

export interface DispatchRules {
  /** Handlers by event type; a handler must be idempotent (see ConsumerInbox). */
  handlers: Readonly<Record<string, EventHandler>>;
  /** Types knowingly not for this consumer: acknowledged without effect. */
  ignoreTypes?: readonly string[];
  /** Acknowledge every type without a handler, e.g. a consumer of a few types on a busy topic. */
  skipUnknownTypes?: boolean;
}

export type Disposition =
  | { kind: 'handle'; envelope: IntegrationEnvelope; handler: EventHandler }
  | { kind: 'ignore'; envelope: IntegrationEnvelope }
  | { kind: 'dead-letter'; reason: string };

const REQUIRED_STRINGS = ['eventId', 'type', 'aggregateId'] as const;

export function parseEnvelope(value: Buffer | null): IntegrationEnvelope | { invalid: string } {
  if (value === null || value.length === 0) return { invalid: 'message has no value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { invalid: `value is not JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { invalid: 'value is not a JSON object' };
  const record = parsed as Record<string, unknown>;
  const missing = REQUIRED_STRINGS.filter((field) => typeof record[field] !== 'string' || record[field] === '');
  if (missing.length > 0) return { invalid: `envelope lacks ${missing.join(', ')}` };
  return parsed as IntegrationEnvelope;
}

/**
 * What to do with one message. A type with no handler is acknowledged only when the rules say
 * it is not for us; otherwise it is dead-lettered: never committed silently.
 */
export function dispose(value: Buffer | null, rules: DispatchRules, group: string): Disposition {
  const envelope = parseEnvelope(value);
  if ('invalid' in envelope) return { kind: 'dead-letter', reason: `unparseable envelope: ${envelope.invalid}` };
  const handler = Object.hasOwn(rules.handlers, envelope.type) ? rules.handlers[envelope.type] : undefined;
  if (handler) return { kind: 'handle', envelope, handler };
  if (rules.skipUnknownTypes || rules.ignoreTypes?.includes(envelope.type)) return { kind: 'ignore', envelope };
  return { kind: 'dead-letter', reason: `no handler for event type '${envelope.type}' in consumer group ${group}` };
}
