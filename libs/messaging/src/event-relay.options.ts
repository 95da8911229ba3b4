import { IntegrationEnvelope } from '@signstash/contracts';
import type { EventFilter, GlobalPosition, RecordedEvent } from '@signstash/event-store';
import { KafkaPublisher } from './kafka-publisher';
import { RelayLeases } from './relay-leases';

/**
 * What the relay needs of a publisher (KafkaPublisher in production): it sends envelopes already
 * encoded (`envelopeMessage`), since it encodes each batch while the previous one is in flight.
 */
export type EnvelopePublisher = Pick<KafkaPublisher, 'send'>;

export interface EventRelayOptions {
  /** Also the checkpoint id, e.g. `certificates-to-kafka`. */
  name: string;
  topic: string;
  /** The service's mapping to its integration contract; undefined skips the event (e.g. alias reservations). */
  toEnvelope(event: RecordedEvent): IntegrationEnvelope | undefined;
  filter?: EventFilter;
  /**
   * Most events per Kafka send while catching up; default 1000: a burst appended at one instant (1,000
   * accesses expiring together) goes out in one send, so consumers get it in one fetch, not in rounds.
   */
  batchSize?: number;
  /**
   * Most bytes (envelopes' values) per Kafka send, below the broker's 1 MB per partition's batch; default
   * 900 KiB (1,000 `AccessExpired` are ~540 KB: a lower cap cut the burst, and the rest came a round later).
   */
  batchBytes?: number;
  /**
   * At most one checkpoint write per this many ms (the latest acknowledged position wins); default 250.
   * One write per relayed batch cost a FerretDB round trip per Kafka send; a crash re-sends at most
   * this long's events, which consumers dedupe by event id.
   */
  checkpointEveryMs?: number;
  /** Pause before the subscription redelivers after a failed send; default 1000 ms. */
  retryDelayMs?: number;
  /** With several replicas: publish only while holding this relay's lease. Without, publish whenever started. */
  leases?: RelayLeases;
}

export interface RelayStatus {
  name: string;
  checkpoint: GlobalPosition;
  head: GlobalPosition;
  /** head − checkpoint, in global positions (events, for the SQLite store without a filter). */
  lag: GlobalPosition;
  published: number;
  failures: number;
  lastError?: string;
}
