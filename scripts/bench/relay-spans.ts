import { performance } from 'node:perf_hooks';
import type { IntegrationEnvelope } from '@signstash/contracts';
import type { RecordedEvent, SqliteEventStore } from '@signstash/event-store';
import { EnvelopePublisher, envelopeMessage, RelayCheckpoints } from '@signstash/messaging';
import { ms, printTable } from './bench-kit';

/**
 * The event-relay bench's profile (SIGNSTASH_BENCH_SPANS=1): where a relay round's time goes, per
 * step of a batch — reading the store, mapping to envelopes, the Kafka send (encoding included) and
 * the checkpoint writes — plus how busy the event loop was. The relay gets wrapped collaborators
 * (its publisher, checkpoints and mapping), so its own code runs unchanged; the store's read is timed
 * alone, over the same events, since the relay reads through the store's subscription.
 */
export class RelaySpans {
  private readonly spans = new Map<string, number[]>();
  /** The round's first send and last acknowledgement (performance.now()). */
  private firstSend?: number;
  private lastAck = 0;

  record(name: string, value: number): void {
    const list = this.spans.get(name) ?? [];
    list.push(value);
    this.spans.set(name, list);
  }

  private async timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.record(name, performance.now() - started);
    }
  }

  publisher(inner: EnvelopePublisher): EnvelopePublisher {
    return {
      send: async (topic, messages) => {
        this.firstSend ??= performance.now();
        await this.timed('Kafka send of a batch', () => inner.send(topic, messages));
        this.lastAck = performance.now();
      },
    };
  }

  checkpoints(inner: RelayCheckpoints): RelayCheckpoints {
    return Object.assign(Object.create(inner) as RelayCheckpoints, {
      save: (relay: string, position: bigint, now?: Date) =>
        this.timed('checkpoint write', () => inner.save(relay, position, now)),
    });
  }

  mapping(inner: (event: RecordedEvent) => IntegrationEnvelope | undefined) {
    return (event: RecordedEvent) => {
      const started = performance.now();
      const envelope = inner(event);
      this.record('map an event', performance.now() - started);
      return envelope;
    };
  }

  /** The relay's round, with the event loop's utilisation over it. */
  async round<T>(work: () => Promise<T>): Promise<T> {
    const before = performance.eventLoopUtilization();
    const started = performance.now();
    this.firstSend = undefined;
    try {
      return await this.timed('whole round', work);
    } finally {
      this.record('event loop busy (%)', performance.eventLoopUtilization(before).utilization * 100);
      this.record('start → first send', (this.firstSend ?? NaN) - started);
      this.record('first send → last acknowledgement', this.lastAck - (this.firstSend ?? NaN));
      this.record('last acknowledgement → stopped', performance.now() - this.lastAck);
    }
  }

  /** The store's read and the encoding alone, over everything the relay reads, in its subscription's pages of 500. */
  async readAlone(store: SqliteEventStore, map: (event: RecordedEvent) => IntegrationEnvelope | undefined) {
    let after = 0n;
    for (;;) {
      const started = performance.now();
      const page = await store.readAll({ after, maxCount: 500 });
      this.record('read a page of 500 (alone)', performance.now() - started);
      if (page.length === 0) return;
      const encoding = performance.now();
      for (const event of page) envelopeMessage(map(event)!);
      this.record('map + encode a page of 500 (alone)', performance.now() - encoding);
      after = page[page.length - 1].position;
    }
  }

  print(): void {
    console.log('\nwhere the relay rounds went (SIGNSTASH_BENCH_SPANS=1):');
    printTable(
      ['span', 'count', 'total', 'mean', 'p50', 'max'],
      [...this.spans].map(([name, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const total = values.reduce((sum, value) => sum + value, 0);
        const show = name.endsWith('(%)') ? (value: number) => value.toFixed(0) : ms;
        return [
          name,
          String(values.length),
          show(total),
          show(total / values.length),
          show(sorted[Math.floor(sorted.length / 2)]),
          show(sorted[sorted.length - 1]),
        ];
      }),
    );
  }
}
