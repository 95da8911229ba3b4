import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName } from '@signstash/testing';
import type { Db, MongoClient } from 'mongodb';
import { LEASE_MS, NewNotification, NotificationOutbox } from './notification-outbox';

const notification = (id: string): NewNotification => ({
  _id: id,
  eventId: `event-${id}`,
  kind: 'AccessExpired',
  issuerId: 'issuer',
  certificateId: 'certificate',
  operatorId: 'operator',
  recipient: 'ana@issuer.example',
  subject: 'subject',
  text: 'text',
  html: '<p>html</p>',
});

describe('NotificationOutbox (real FerretDB)', () => {
  let mongo: { client: MongoClient; db: Db };
  /** A second replica's connection to the same database. */
  let replica: { client: MongoClient; db: Db };
  let outbox: NotificationOutbox;

  beforeAll(async () => {
    const database = uniqueName('outbox_it');
    mongo = await connectMongo({ url: testEnv().mongoUrl, database });
    replica = await connectMongo({ url: testEnv().mongoUrl, database });
    outbox = new NotificationOutbox(mongo.db);
    await outbox.onModuleInit();
  });

  afterAll(async () => {
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
    await replica?.client.close();
  });

  it('lets exactly one of two replicas racing for a mail take it, in every one of 100 forced races', async () => {
    const other = new NotificationOutbox(replica.db);
    const races = Array.from({ length: 100 }, (_, i) => `raced-${i}`);
    for (const id of races) await outbox.record(notification(id));
    const candidates = (await outbox.due(1000)).filter((mail) => mail._id.startsWith('raced-'));
    expect(candidates).toHaveLength(100);

    let doubleTaken = 0;
    for (const candidate of candidates) {
      const [mine, theirs] = await Promise.all([outbox.claim(candidate), other.claim(candidate)]);
      if (mine && theirs) doubleTaken += 1;
      expect(mine ?? theirs).toMatchObject({ status: 'sending', attempts: 1, generation: 1 });
    }
    expect(doubleTaken).toBe(0);
    // The loser's stale candidate cannot take the mail later either, while the winner holds it.
    expect(await other.claim(candidates[0])).toBeUndefined();
  });

  it('takes a mail again after a release (same attempts, next generation), and prunes its claims once it is sent', async () => {
    await outbox.record(notification('again'));
    const [first] = (await outbox.due(1000)).filter((mail) => mail._id === 'again');
    const taken = (await outbox.claim(first))!;
    await outbox.release(taken);
    const [released] = (await outbox.due(1000)).filter((mail) => mail._id === 'again');
    expect(released).toMatchObject({ attempts: 0, generation: 1 });

    expect(await outbox.claim(released)).toMatchObject({ attempts: 1, generation: 2 });
    expect(await outbox.claims.countDocuments({ mailId: 'again' })).toBe(2);
    await outbox.markSent({ _id: 'again', generation: 2 });
    expect(await outbox.claims.countDocuments({ mailId: 'again' })).toBe(0);
    // A sender still holding the very first candidate gets nothing, though its claim was pruned.
    expect(await outbox.claim(first)).toBeUndefined();
    expect(await outbox.collection.findOne({ _id: 'again' })).toMatchObject({ status: 'sent', generation: 2 });
    expect(await outbox.claims.countDocuments({ mailId: 'again' })).toBe(0);
  });

  it('records a mail handed to a sender already leased, once per (event, recipient)', async () => {
    const leaseUntil = new Date(Date.now() + LEASE_MS);
    const mail = await outbox.record(notification('handed'), { leaseUntil });

    expect(mail).toMatchObject({ status: 'sending', attempts: 1, leaseUntil });
    expect(await outbox.record(notification('handed'), { leaseUntil })).toBeUndefined();
    expect((await outbox.due(10)).map((due) => due._id)).not.toContain('handed');
  });

  it('records mails of concurrent handlers together, each (event, recipient) once', async () => {
    const ids = ['together-1', 'together-2', 'together-1', 'together-3', 'handed'];
    const recorded = await Promise.all(ids.map((id) => outbox.record(notification(id))));

    expect(recorded.map((mail) => mail?._id)).toEqual(['together-1', 'together-2', undefined, 'together-3', undefined]);
    expect(await outbox.collection.countDocuments({ _id: { $in: ['together-1', 'together-2', 'together-3'] } })).toBe(
      3,
    );
  });

  it('renews a lease only for its holder: not once another sender took the mail over', async () => {
    const now = Date.now();
    const held = (await outbox.record(notification('renewed'), { leaseUntil: new Date(now + 1000) }))!;
    const renewed = await outbox.renewLease(held, new Date(now));
    expect(renewed?.leaseUntil?.getTime()).toBe(now + LEASE_MS);

    const lapsed = (await outbox.record(notification('lapsed'), { leaseUntil: new Date(now - 1) }))!;
    const [takenOver] = (await outbox.due(10)).filter((due) => due._id === 'lapsed');
    expect(await outbox.claim(takenOver)).toMatchObject({ attempts: 2 });
    expect(await outbox.renewLease(lapsed)).toBeUndefined();
  });

  it('gives back a mail not tried, due at once and with its attempt undone', async () => {
    const held = (await outbox.record(notification('released'), { leaseUntil: new Date(Date.now() + LEASE_MS) }))!;
    await outbox.release(held);

    const [due] = (await outbox.due(10)).filter((mail) => mail._id === 'released');
    expect(due).toMatchObject({ status: 'pending', attempts: 0 });
    expect(due.leaseUntil).toBeUndefined();
    expect(await outbox.claim(due)).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('puts failed mails back in the queue with fresh attempts, no longer marked failed', async () => {
    await outbox.record(notification('refused'));
    await outbox.markFailed({ _id: 'refused', generation: 0 }, 'SMTP 554');
    expect(await outbox.collection.findOne({ _id: 'refused' })).toMatchObject({
      status: 'failed',
      failedAt: expect.any(Date),
    });

    expect(await outbox.retryFailed()).toBe(1);
    const requeued = await outbox.collection.findOne({ _id: 'refused' });
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0, lastError: 'SMTP 554' });
    expect(requeued).not.toHaveProperty('failedAt');
  });

  it('marks mails sent meanwhile by other workers in one write, each with its own time, pruning the claimed ones', async () => {
    const leaseUntil = new Date(Date.now() + LEASE_MS);
    const ids = Array.from({ length: 20 }, (_, i) => `burst-${i}`);
    await Promise.all(ids.map((id) => outbox.record(notification(id), { leaseUntil })));
    await outbox.record(notification('burst-claimed'));
    const [candidate] = (await outbox.due(1000)).filter((mail) => mail._id === 'burst-claimed');
    const claimed = (await outbox.claim(candidate))!;
    const writes = jest.spyOn(outbox.collection, 'bulkWrite');
    const updates = jest.spyOn(outbox.collection, 'updateOne');
    const sentAt = (i: number) => new Date(Date.UTC(2026, 11, 6, 10, 0, i));

    await Promise.all([
      ...ids.map((id, i) => outbox.markSent({ _id: id, generation: 0 }, sentAt(i))),
      outbox.markSent(claimed, sentAt(59)),
    ]);

    // The first mark goes alone (nothing in flight), the 20 sent meanwhile in one more: not one write each.
    expect(writes.mock.calls.length).toBeLessThanOrEqual(2);
    expect(updates).not.toHaveBeenCalled();
    writes.mockRestore();
    updates.mockRestore();
    const marked = await outbox.collection.find({ _id: { $in: [...ids, 'burst-claimed'] } }).toArray();
    expect(marked).toHaveLength(21);
    for (const mail of marked) {
      const i = mail._id === 'burst-claimed' ? 59 : ids.indexOf(mail._id);
      expect(mail).toMatchObject({ status: 'sent', sentAt: sentAt(i) });
      expect(mail.leaseUntil).toBeUndefined();
    }
    expect(await outbox.claims.countDocuments({ mailId: 'burst-claimed' })).toBe(0);
  });
});
