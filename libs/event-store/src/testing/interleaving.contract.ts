import { EventStore, ExpectedRevision, NewEvent, Subscription } from '../event-store.port';
import { itemAdded } from './cart.fixture';
import { Recorder } from './subscription.contract';

/** An append whose transaction has taken its position on a connection of its own and is held open. */
export interface HeldAppend {
  commit(): Promise<void>;
}

/**
 * Starts `events` on `streamId` so that they take a position before the next append and commit only
 * on `commit()`. Stores that assign positions in commit order (one writer at a time: SQLite, KurrentDB)
 * cannot hold one open; for them the append simply happens on commit, and the test still checks that
 * both events are delivered.
 */
export type HoldAppend = (store: EventStore, streamId: string, events: NewEvent[]) => Promise<HeldAppend>;

export const appendOnCommit: HoldAppend = async (store, streamId, events) => ({
  commit: async () => void (await store.appendToStream(streamId, events, ExpectedRevision.noStream)),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Time for a store that reads past open transactions to deliver the later event and move its checkpoint on. */
const CHANCE_TO_SKIP_MS = 300;

export function interleavingContract(
  context: { store: EventStore },
  currentCategory: () => string,
  hold: HoldAppend,
): void {
  describe('an append committed after a later one (lower position, later commit)', () => {
    let subscription: Subscription | undefined;
    const stream = (id: number) => `${currentCategory()}-${id}`;
    afterEach(async () => {
      await subscription?.stop();
      subscription = undefined;
    });

    it('is delivered to a live subscription, in position order, never skipped', async () => {
      const filter = { streamCategories: [currentCategory()] };
      const recorder = new Recorder();
      subscription = context.store.subscribeToAll(recorder.handler, { filter });
      await recorder.until(() => recorder.caughtUpAfter !== undefined);

      const late = await hold(context.store, stream(1), [itemAdded('late')]);
      await context.store.appendToStream(stream(2), [itemAdded('early')], ExpectedRevision.noStream);
      await sleep(CHANCE_TO_SKIP_MS);
      await late.commit();

      await recorder.until(() => recorder.delivered.length >= 2);
      const stored = await context.store.readAll({ filter });
      expect(recorder.delivered.map((e) => e.eventId)).toEqual(stored.map((e) => e.eventId));
      expect(new Set(stored.map((e) => e.streamId))).toEqual(new Set([stream(1), stream(2)]));
    });

    it('is returned by a reader that resumes from the last position it read', async () => {
      const filter = { streamCategories: [currentCategory()] };
      const late = await hold(context.store, stream(1), [itemAdded('late')]);
      await context.store.appendToStream(stream(2), [itemAdded('early')], ExpectedRevision.noStream);
      const reading = context.store.readAll({ filter });
      await sleep(CHANCE_TO_SKIP_MS);
      await late.commit();
      const first = await reading;
      const rest = await context.store.readAll({ filter, after: first.at(-1)?.position ?? 0n });
      expect(new Set([...first, ...rest].map((e) => e.streamId))).toEqual(new Set([stream(1), stream(2)]));
    });
  });
}
