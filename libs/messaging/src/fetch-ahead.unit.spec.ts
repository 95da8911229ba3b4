import { Logger } from '@nestjs/common';
import type { EachBatchPayload } from 'kafkajs';
import { FetchAhead } from './fetch-ahead';

/** A fetched batch of offsets `first..last` of partition 0; `log` gets kafkajs' resolves, commits and seeks. */
function batchPayload(first: number, last: number, log: string[], state: { stale: boolean }) {
  return {
    batch: {
      topic: 't',
      partition: 0,
      messages: [],
      firstOffset: () => String(first),
      lastOffset: () => String(last),
    },
    resolveOffset: (offset: string) => void log.push(`kafkajs resolve ${offset}`),
    commitOffsetsIfNecessary: async () => void log.push('kafkajs commit'),
    heartbeat: async () => undefined,
    isRunning: () => true,
    isStale: () => state.stale,
  } as unknown as EachBatchPayload;
}

function fetchAhead(log: string[], state: { stale: boolean }) {
  const consumer = {
    commitOffsets: async ([{ offset }]: Array<{ offset: string }>) => void log.push(`commit ${offset}`),
    seek: ({ offset }: { offset: string }) => {
      log.push(`seek ${offset}`);
      state.stale = true;
    },
  };
  return new FetchAhead(consumer, new Logger('fetch-ahead test', { timestamp: false }));
}

/** A handler that resolves `upTo` (when given), once `release` is called, then fails if told to. */
function gatedHandler(log: string[], name: string, upTo: number | undefined, fails = false) {
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const handle = async (payload: EachBatchPayload) => {
    log.push(`${name} started`);
    await released;
    if (upTo !== undefined) payload.resolveOffset(String(upTo));
    await payload.commitOffsetsIfNecessary();
    if (fails) throw new Error(`${name} failed`);
    log.push(`${name} handled`);
  };
  return { handle, release };
}

/** One partition's FetchAhead, its log, and makers of its batches and gated handlers. */
function partition() {
  const log: string[] = [];
  const state = { stale: false };
  return {
    log,
    ahead: fetchAhead(log, state),
    batch: (first: number, last: number) => batchPayload(first, last, log, state),
    gated: (name: string, upTo: number | undefined, fails = false) => gatedHandler(log, name, upTo, fails),
  };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('FetchAhead', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new Logger()));

  it('returns while a batch is handled, moves kafkajs past it, and commits it only once handled', async () => {
    const { log, ahead, batch, gated } = partition();
    const first = gated('first', 9);
    await ahead.take(batch(0, 9), first.handle);
    await settle();
    // The handler's own commit request does nothing: nothing is committed before the batch is handled.
    expect(log).toEqual(['kafkajs resolve 9', 'first started']);
    first.release();
    await ahead.drain();
    expect(log).toEqual(['kafkajs resolve 9', 'first started', 'first handled', 'commit 10']);
  });

  it("starts a partition's next batch only once the one in hand is handled and committed", async () => {
    const { log, ahead, batch, gated } = partition();
    const first = gated('first', 9);
    const second = gated('second', 19);
    await ahead.take(batch(0, 9), first.handle);
    const taking = ahead.take(batch(10, 19), second.handle);
    await settle();
    expect(log).not.toContain('second started');
    first.release();
    await taking;
    second.release();
    await ahead.drain();
    expect(log).toEqual([
      'kafkajs resolve 9',
      'first started',
      'first handled',
      'commit 10',
      'kafkajs resolve 19',
      'second started',
      'second handled',
      'commit 20',
    ]);
  });

  it('commits what a failed batch handled, seeks back to its first message not handled, and drops the batch fetched meanwhile', async () => {
    const { log, ahead, batch, gated } = partition();
    const first = gated('first', 4, true);
    const second = gated('second', 19);
    await ahead.take(batch(0, 9), first.handle);
    const taking = ahead.take(batch(10, 19), second.handle);
    first.release();
    await taking;
    await ahead.drain();
    // Offsets 5..9 come again from the seek; the batch after them is not handled (it would commit past them).
    expect(log).toEqual(['kafkajs resolve 9', 'first started', 'commit 5', 'seek 5']);
  });

  it('seeks back to the batch start when nothing of it was handled', async () => {
    const { log, ahead, batch, gated } = partition();
    const first = gated('first', undefined, true);
    await ahead.take(batch(20, 29), first.handle);
    first.release();
    await settle();
    expect(log).toEqual(['kafkajs resolve 29', 'first started', 'seek 20']);
  });

  it('takes no batch once draining, and lets the one in hand finish and commit', async () => {
    const { log, ahead, batch, gated } = partition();
    const first = gated('first', 9);
    await ahead.take(batch(0, 9), first.handle);
    const draining = ahead.drain();
    const late = ahead.take(batch(10, 19), gated('late', 19).handle);
    first.release();
    await Promise.all([draining, late]);
    expect(log).toEqual(['kafkajs resolve 9', 'first started', 'first handled', 'commit 10']);
  });
});
