import type { Db } from 'mongodb';
import type { IntegrationEnvelope, TopicNames } from '@signstash/contracts';
import type { EventFilter, EventStore, RecordedEvent } from '@signstash/event-store';
import type { AnyProjection } from '@signstash/read-model';
import type { Kafka } from 'kafkajs';
import type { ConsumerInbox } from './consumer-inbox';
import { EventRelay, EnvelopePublisher } from './event-relay';
import { KafkaEventConsumer, type KafkaEventConsumerOptions } from './kafka-event-consumer';
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

/** What a consumer does with its topics' events: its handlers and rules, without its group and topics. */
export type ConsumerDispatch = Omit<KafkaEventConsumerOptions, 'groupId' | 'topics'>;

/**
 * A Kafka consumer of the service. Its handlers call the service's objects, so they are stated as a
 * function of them (`dispatch`) and its module hands them over (see `kafkaConsumer`); the ops CLI
 * reads only the group and the topics.
 */
export interface ConsumerPart<Objects = any> {
  /** Appended to the service's CONSUMER_GROUP to name the consumer group ('' for the group itself). */
  groupSuffix: string;
  topics: (keyof TopicNames)[];
  dispatch(objects: Objects): ConsumerDispatch;
}

/** Types a consumer part by the objects its handlers need. */
export const consumerPart = <Objects>(part: ConsumerPart<Objects>) => part;

/** An outbox of the service's own documents, drained to one of its topics by the holder of the lease `name`. */
export interface OutboxRelayPart {
  name: string;
  topic: keyof TopicNames;
}

/** Topics every instance of the service reads in full, in a group of its own, for what it holds in memory. */
export interface BroadcastPart {
  /** Of the instance's group id; the instance adds a unique suffix. */
  groupPrefix: string;
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
  outboxRelays?: Record<string, OutboxRelayPart>;
  broadcasts?: Record<string, BroadcastPart>;
}

export const consumerGroupId = (serviceGroup: string, part: ConsumerPart): string =>
  `${serviceGroup}${part.groupSuffix}`;

export const consumerTopics = (part: ConsumerPart, topics: TopicNames): string[] =>
  part.topics.map((topic) => topics[topic]);

/** The consumer a service runs for one of its parts, its handlers given the objects they call. */
export function kafkaConsumer<Objects>(
  part: ConsumerPart<Objects>,
  objects: Objects,
  engines: { kafka: Kafka; inbox: ConsumerInbox; topics: TopicNames; serviceGroup: string },
): KafkaEventConsumer {
  const { kafka, inbox, topics, serviceGroup } = engines;
  return new KafkaEventConsumer(kafka, inbox, {
    ...part.dispatch(objects),
    groupId: consumerGroupId(serviceGroup, part),
    topics: consumerTopics(part, topics),
  });
}

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
