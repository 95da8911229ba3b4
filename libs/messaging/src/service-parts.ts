import type { Db } from 'mongodb';
import type { IntegrationEnvelope, TopicNames } from '@signstash/contracts';
import type { EventFilter, EventStore, RecordedEvent } from '@signstash/event-store';
import type { AnyProjection } from '@signstash/read-model';
import { EventRelay, EnvelopePublisher } from './event-relay';
import { RelayCheckpoints } from './relay-checkpoints';
import { RelayLeases } from './relay-leases';

/** A relay of the service's own events to one of its topics. */
export interface RelayPart {
  /** Also the checkpoint and lease id, e.g. `certificates-to-kafka`. */
  name: string;
  topic: keyof TopicNames;
  filter: EventFilter;
  toEnvelope(event: RecordedEvent): IntegrationEnvelope | undefined;
}

/** A Kafka consumer of the service; its handlers need the service's objects, so its module gives them. */
export interface ConsumerPart {
  /** Appended to the service's CONSUMER_GROUP to name the consumer group ('' for the group itself). */
  groupSuffix: string;
  topics: (keyof TopicNames)[];
}

/**
 * What a service runs in the background, stated once in its `<service>.parts.ts`: its Nest module
 * wires these, and the ops CLI reads the same declaration to rebuild, republish and list dead letters.
 */
export interface ServiceParts {
  projections: AnyProjection[];
  relays: RelayPart[];
  consumers: Record<string, ConsumerPart>;
}

export const consumerGroupId = (serviceGroup: string, part: ConsumerPart): string =>
  `${serviceGroup}${part.groupSuffix}`;

export const consumerTopics = (part: ConsumerPart, topics: TopicNames): string[] =>
  part.topics.map((topic) => topics[topic]);

/** The relay a service runs (with `leaseTtlMs`: one replica at a time) or the ops CLI republishes with. */
export function eventRelay(
  part: RelayPart,
  engines: { store: EventStore; publisher: EnvelopePublisher; db: Db; topics: TopicNames },
  leaseTtlMs?: number,
): EventRelay {
  const { store, publisher, db, topics } = engines;
  return new EventRelay(store, publisher, new RelayCheckpoints(db), {
    name: part.name,
    topic: topics[part.topic],
    filter: part.filter,
    toEnvelope: part.toEnvelope,
    leases: leaseTtlMs === undefined ? undefined : new RelayLeases(db, { ttlMs: leaseTtlMs }),
  });
}
