import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { NewInboxEntry } from './consumer-inbox';
import { BatchStep, runKeyedBatch } from './keyed-batch';
import type { DeliveredMessage } from './message-processor';

const message = (offset: number, key: string | null, eventId = `e${offset}`): KafkaMessage =>
  ({
    offset: String(offset),
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(eventId),
    headers: {},
    timestamp: '0',
    attributes: 0,
  }) as KafkaMessage;

function fakePayload(messages: KafkaMessage[], log: string[], options: { stale?: () => boolean } = {}) {
  return {
    batch: { topic: 't', partition: 0, messages },
    resolveOffset: (offset: string) => void log.push(`resolve ${offset}`),
    commitOffsetsIfNecessary: async () => undefined,
    heartbeat: async () => undefined,
    isRunning: () => true,
    isStale: options.stale ?? (() => false),
  } as unknown as EachBatchPayload;
}

/** A step whose handling of each event waits for `release(eventId)`; duplicates are events seen before. */
function gatedStep(log: string[]) {
  const gates = new Map<string, () => void>();
  const started: string[] = [];
  const step: BatchStep = {
    async process(delivered: DeliveredMessage, handledEarlier: ReadonlySet<string>) {
      const eventId = delivered.message.value!.toString();
      if (handledEarlier.has(eventId)) return undefined;
      started.push(eventId);
      await new Promise<void>((resolve) => gates.set(eventId, resolve));
      return { eventId, offset: delivered.message.offset } as NewInboxEntry;
    },
    async record(entries) {
      if (entries.length > 0) log.push(`record ${entries.map((entry) => entry.eventId).join(',')}`);
    },
  };
  const release = async (eventId: string) => {
    for (let i = 0; i < 50 && !gates.has(eventId); i++) await new Promise((resolve) => setImmediate(resolve));
    gates.get(eventId)!();
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { step, started, release };
}

describe('runKeyedBatch', () => {
  it('runs different keys at once, one key in offset order, and resolves offsets only up to the first unfinished message', async () => {
    const log: string[] = [];
    const { step, started, release } = gatedStep(log);
    const run = runKeyedBatch(
      fakePayload([message(10, 'a'), message(11, 'b'), message(12, 'a'), message(13, 'c')], log),
      step,
      8,
    );

    await release('e11');
    expect(started).toEqual(['e10', 'e11', 'e13']); // e12 waits for e10, its key's predecessor
    expect(log).toEqual(['record e11']); // finished, recorded, but offset 10 is still in doubt

    await release('e10');
    expect(started).toContain('e12');
    expect(log).toEqual(['record e11', 'record e10', 'resolve 11']);

    await release('e13');
    await release('e12');
    await run;
    expect(log.slice(3)).toEqual(['record e13', 'record e12', 'resolve 13']);
  });

  it('bounds the keys handled at once', async () => {
    const log: string[] = [];
    const { step, started, release } = gatedStep(log);
    const run = runKeyedBatch(fakePayload([message(1, 'a'), message(2, 'b'), message(3, 'c')], log), step, 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['e1', 'e2']);
    await release('e1');
    expect(started).toEqual(['e1', 'e2', 'e3']);
    await release('e2');
    await release('e3');
    await run;
    expect(log.at(-1)).toBe('resolve 3');
  });

  it('skips a second copy of an event in the same batch before the inbox has the first', async () => {
    const log: string[] = [];
    const { step, started, release } = gatedStep(log);
    const run = runKeyedBatch(
      fakePayload([message(1, 'a', 'same'), message(2, 'a', 'same'), message(3, null), message(4, null)], log),
      step,
      8,
    );
    await release('same');
    await release('e3');
    expect(started).toEqual(['same', 'e3', 'e4']); // keyless messages keep their order too
    await release('e4');
    await run;
    expect(started.filter((id) => id === 'same')).toHaveLength(1);
    expect(log.at(-1)).toBe('resolve 4');
  });

  it('stops taking messages once the batch is stale, leaving the rest unresolved', async () => {
    const log: string[] = [];
    const { step, started, release } = gatedStep(log);
    let stale = false;
    const run = runKeyedBatch(fakePayload([message(1, 'a'), message(2, 'a')], log, { stale: () => stale }), step, 8);
    stale = true;
    await release('e1');
    await run;
    expect(started).toEqual(['e1']);
    expect(log).toEqual(['record e1', 'resolve 1']);
  });

  it('rethrows a failure after resolving what finished before it', async () => {
    const log: string[] = [];
    const step: BatchStep = {
      async process(delivered) {
        if (delivered.message.offset === '2') throw new Error('stopped');
        return { eventId: delivered.message.value!.toString() } as NewInboxEntry;
      },
      async record(entries) {
        if (entries.length > 0) log.push(`record ${entries.map((entry) => entry.eventId).join(',')}`);
      },
    };
    await expect(
      runKeyedBatch(fakePayload([message(1, 'a'), message(2, 'a'), message(3, 'a')], log), step, 8),
    ).rejects.toThrow('stopped');
    expect(log).toEqual(['record e1', 'resolve 1']);
  });
});
