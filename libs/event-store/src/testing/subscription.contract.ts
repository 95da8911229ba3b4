import { EventFilter, EventStore, ExpectedRevision, RecordedEvent, Subscription } from '../event-store.port';
import { itemAdded } from './cart.fixture';

/** Collects what a subscription delivers and lets a test wait for it. */
export class Recorder {
  readonly delivered: RecordedEvent[] = [];
  readonly errors: unknown[] = [];
  caughtUpAfter: number | undefined;

  constructor(private readonly failOnce: (event: RecordedEvent) => boolean = () => false) {}

  readonly handler = {
    onEvent: async (event: RecordedEvent) => {
      if (this.failOnce(event) && !this.errors.some((e) => (e as { eventId?: string }).eventId === event.eventId)) {
        throw Object.assign(new Error(`handler failed on ${event.eventId}`), { eventId: event.eventId });
      }
      this.delivered.push(event);
    },
    onCaughtUp: () => {
      this.caughtUpAfter ??= this.delivered.length;
    },
    onError: (error: unknown) => {
      this.errors.push(error);
    },
  };

  async until(condition: () => boolean, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out; delivered ${this.delivered.length} events`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export function subscriptionContract(context: { store: EventStore }, currentCategory: () => string): void {
  describe('catch-up subscription', () => {
    let subscription: Subscription | undefined;
    let filter: EventFilter;
    const stream = (id: number) => `${currentCategory()}-${id}`;
    const appendMany = async (count: number, from = 0) => {
      for (let i = from; i < from + count; i++) {
        await context.store.appendToStream(stream(i), [itemAdded(`sku${i}`)], ExpectedRevision.noStream);
      }
    };

    beforeEach(() => {
      filter = { streamCategories: [currentCategory()] };
    });
    afterEach(async () => {
      await subscription?.stop();
      subscription = undefined;
    });

    it('catches up from a checkpoint, then reports it is caught up', async () => {
      await appendMany(5);
      const stored = await context.store.readAll({ filter });
      const recorder = new Recorder();
      subscription = context.store.subscribeToAll(recorder.handler, { after: stored[1].position, filter });
      await recorder.until(() => recorder.caughtUpAfter !== undefined);
      expect(recorder.delivered.map((e) => e.eventId)).toEqual(stored.slice(2).map((e) => e.eventId));
      expect(recorder.caughtUpAfter).toBe(3);
    });

    it('delivers new appends live after catching up, in order', async () => {
      await appendMany(2);
      const recorder = new Recorder();
      subscription = context.store.subscribeToAll(recorder.handler, { filter });
      await recorder.until(() => recorder.caughtUpAfter !== undefined);
      expect(recorder.caughtUpAfter).toBe(2);
      await appendMany(3, 2);
      await recorder.until(() => recorder.delivered.length === 5, 5000);
      expect(recorder.delivered.map((e) => e.streamId)).toEqual([0, 1, 2, 3, 4].map(stream));
    });

    it('goes live at once on an empty selection and stops delivering after stop()', async () => {
      const recorder = new Recorder();
      subscription = context.store.subscribeToAll(recorder.handler, { filter });
      await recorder.until(() => recorder.caughtUpAfter !== undefined);
      await appendMany(1);
      await recorder.until(() => recorder.delivered.length === 1, 5000);
      await subscription.stop();
      await appendMany(1, 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(recorder.delivered).toHaveLength(1);
    });

    it('resumes from the failed event after a handler error', async () => {
      await appendMany(4);
      const stored = await context.store.readAll({ filter });
      const recorder = new Recorder((event) => event.eventId === stored[1].eventId);
      subscription = context.store.subscribeToAll(recorder.handler, { filter, retryDelayMs: 20 });
      await recorder.until(() => recorder.delivered.length === 4);
      expect(recorder.errors).toHaveLength(1);
      expect(recorder.delivered.map((e) => e.eventId)).toEqual(stored.map((e) => e.eventId));
    });
  });
}
