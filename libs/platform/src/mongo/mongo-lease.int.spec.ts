import { Db, MongoClient } from 'mongodb';
import { testEnv, uniqueName } from '@signstash/testing';
import { connectMongo } from './mongo.module';
import { LeaseDocument, leaseTermId, MongoLease } from './mongo-lease';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MongoLease (real FerretDB)', () => {
  let mongo: { client: MongoClient; db: Db };
  const lease = (name: string, owner: string, ttlMs = 1200, marginMs = 300) =>
    new MongoLease(mongo.db, name, { owner, ttlMs, marginMs });

  beforeAll(async () => {
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('lease') });
  });

  afterAll(async () => {
    await mongo.db.dropDatabase();
    await mongo.client.close();
  });

  it('is held by one owner at a time, renewed by its holder, and taken by another once expired', async () => {
    const name = uniqueName('relay');
    // A wide window between a's validity (3600 − 1000) and the stored expiry: a loaded machine can take
    // a few hundred milliseconds over the calls before it.
    const [a, b] = [lease(name, 'a', 3600, 1000), lease(name, 'b', 3600, 1000)];

    expect(await a.acquire()).toBe(true);
    expect(a.held()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(b.held()).toBe(false);
    expect(await a.acquire()).toBe(true);
    expect(await a.read()).toMatchObject({ _id: leaseTermId(name, 1), name, term: 1, owner: 'a' });

    await pause(2700); // past a's validity, not yet past the stored expiry
    expect(a.held()).toBe(false);
    expect(await b.acquire()).toBe(false);

    await pause(1000);
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    expect(await a.read()).toMatchObject({ term: 2, owner: 'b' });
  });

  it('is free again at once when its holder releases it, and a non-holder cannot release it', async () => {
    const name = uniqueName('relay');
    const [a, b] = [lease(name, 'a'), lease(name, 'b')];
    expect(await a.acquire()).toBe(true);

    await b.release();
    expect(await b.acquire()).toBe(false);
    await a.release();
    expect(a.held()).toBe(false);
    expect(await b.acquire()).toBe(true);
  });

  it('goes to exactly one of several owners racing for a free lease', async () => {
    const name = uniqueName('relay');
    const contenders = Array.from({ length: 6 }, (_, i) => lease(name, `owner-${i}`));
    const outcomes = await Promise.all(contenders.map((contender) => contender.acquire()));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect((await contenders[0].read())?.owner).toBe(`owner-${outcomes.indexOf(true)}`);
  });

  it('goes to exactly one of several standbys racing for an expired lease', async () => {
    const name = uniqueName('relay');
    expect(await lease(name, 'old').acquire()).toBe(true);
    await pause(1300); // past the stored expiry
    const standbys = Array.from({ length: 6 }, (_, i) => lease(name, `standby-${i}`));
    const outcomes = await Promise.all(standbys.map((standby) => standby.acquire()));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await standbys[0].read()).toMatchObject({ term: 2, owner: `standby-${outcomes.indexOf(true)}` });
  });

  it('a takeover racing a renewal of the old holder: the old holder steps down, the new one starts when the renewed term ends', async () => {
    const name = uniqueName('relay');
    const [a, b] = [lease(name, 'a'), lease(name, 'b')];
    expect(await a.acquire()).toBe(true);
    // b read term 1 as expired just before a's renewal landed, and took term 2.
    const now = new Date();
    await mongo.db.collection<LeaseDocument>('leases').insertOne({
      _id: leaseTermId(name, 2),
      name,
      term: 2,
      owner: 'b',
      expiresAt: new Date(now.getTime() + 1200),
      renewedAt: now,
    });

    expect(await a.acquire()).toBe(false);
    expect(a.held()).toBe(false);
    expect(await b.acquire()).toBe(false); // term 1 is still valid: a may still be acting on it
    await pause(1300);
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
  });
});
