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
  let outbox: NotificationOutbox;

  beforeAll(async () => {
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('outbox_it') });
    outbox = new NotificationOutbox(mongo.db);
  });

  afterAll(async () => {
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
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
    expect(await outbox.collection.countDocuments({ _id: { $in: ['together-1', 'together-2', 'together-3'] } })).toBe(3);
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
    await outbox.markFailed('refused', 'SMTP 554');
    expect(await outbox.collection.findOne({ _id: 'refused' })).toMatchObject({ status: 'failed', failedAt: expect.any(Date) });

    expect(await outbox.retryFailed()).toBe(1);
    const requeued = await outbox.collection.findOne({ _id: 'refused' });
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0, lastError: 'SMTP 554' });
    expect(requeued).not.toHaveProperty('failedAt');
  });
});

