import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { IntegrationEnvelope, TopicNames } from '@signstash/contracts';
import { BroadcastPart, KafkaBroadcastConsumer } from '@signstash/messaging';
import type { BackgroundWorker } from '@signstash/platform';
import { LiveEvent, toLiveEvent } from './live-event';

/** The live streams' name of each topic they can carry. */
const LIVE_TOPICS: Partial<Record<keyof TopicNames, LiveEvent['topic']>> = {
  certificates: 'certificates',
  clientServices: 'client-services',
};

export interface LiveSubscriber {
  issuerId: string;
  send: (event: LiveEvent) => void;
  /** Ends the stream: the gateway is stopping (the browser reconnects to another instance or after the restart). */
  end: () => void;
}

/**
 * Fans the certificate and client-service topics out to the browser streams open on this instance,
 * each stream getting only its session's issuer's events. Every instance reads every event (a
 * consumer group of its own): a replica serves only the streams it holds. A background worker like
 * the others: started after every module is initialised, stopped before the HTTP server closes
 * (an open stream would keep it from closing) and before Kafka does.
 */
export class LiveEventsHub implements BackgroundWorker {
  readonly name = 'live events';
  private readonly logger = new Logger(LiveEventsHub.name);
  private readonly subscribers = new Set<LiveSubscriber>();
  private readonly consumer: KafkaBroadcastConsumer;
  private stopped = false;
  private retry?: ReturnType<typeof setTimeout>;

  /** `part`: the gateway's `live` broadcast (backoffice-gateway.parts.ts). */
  constructor(kafka: Kafka, topics: TopicNames, part: BroadcastPart) {
    const topicOf = new Map<string, LiveEvent['topic']>(
      part.topics.map((key) => {
        const live = LIVE_TOPICS[key];
        if (!live) throw new Error(`no live event is made of the ${key} topic`);
        return [topics[key], live];
      }),
    );
    this.consumer = new KafkaBroadcastConsumer(kafka, {
      groupPrefix: part.groupPrefix,
      topics: [...topicOf.keys()],
      onEnvelope: (envelope, topic) => this.publish(topicOf.get(topic)!, envelope),
    });
  }

  /** Between `stop` and the process' end: no new stream is taken. */
  get stopping(): boolean {
    return this.stopped;
  }

  get ready(): boolean {
    return this.consumer.isJoined;
  }

  whenReady(): Promise<void> {
    return this.consumer.whenJoined();
  }

  subscribe(subscriber: LiveSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Not awaited: the gateway serves pages while Kafka is still being joined; the streams say when it is. */
  async start(): Promise<void> {
    this.stopped = false;
    this.join();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
    await this.consumer.stop();
  }

  private join(): void {
    this.consumer.start().catch((error) => {
      this.logger.error(`live events not started, trying again in 5 s: ${String(error)}`);
      if (!this.stopped) this.retry = setTimeout(() => this.join(), 5_000);
    });
  }

  private publish(topic: LiveEvent['topic'], envelope: IntegrationEnvelope): void {
    const event = toLiveEvent(topic, envelope);
    if (!event) return;
    for (const subscriber of this.subscribers) {
      if (subscriber.issuerId === envelope.issuerId) subscriber.send(event);
    }
  }
}
