import { randomUUID } from 'node:crypto';
import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName } from '@signstash/testing';
import type { Db, MongoClient } from 'mongodb';
import { MAIL_CHECK_INTERVAL_MS, MailCheckThrottle } from './mail-check.throttle';

describe('MailCheckThrottle (real FerretDB)', () => {
  let mongo: { client: MongoClient; db: Db };
  /** A second replica's connection to the same database. */
  let replica: { client: MongoClient; db: Db };
  let throttle: MailCheckThrottle;
  let other: MailCheckThrottle;

  beforeAll(async () => {
    const database = uniqueName('test_mail_throttle_it');
    mongo = await connectMongo({ url: testEnv().mongoUrl, database });
    replica = await connectMongo({ url: testEnv().mongoUrl, database });
    throttle = new MailCheckThrottle(mongo.db);
    other = new MailCheckThrottle(replica.db);
    await throttle.onModuleInit();
  });

  afterAll(async () => {
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
    await replica?.client.close();
  });

  it('allows one test mail per operator per 30 s, counted from the last one allowed', async () => {
    const operatorId = randomUUID();
    const t0 = new Date('2026-12-03T11:32:00.000Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await throttle.claim(operatorId, t0)).toEqual({ allowed: true });
    expect(await other.claim(operatorId, at(29_900))).toEqual({ allowed: false, retryAfterMs: 100 });
    expect(await throttle.claim(randomUUID(), at(29_900))).toEqual({ allowed: true });
    expect(await other.claim(operatorId, at(MAIL_CHECK_INTERVAL_MS))).toEqual({ allowed: true });
    expect(await throttle.claim(operatorId, at(MAIL_CHECK_INTERVAL_MS + 1))).toEqual({
      allowed: false,
      retryAfterMs: MAIL_CHECK_INTERVAL_MS - 1,
    });
    expect(await throttle.claim(operatorId, at(2 * MAIL_CHECK_INTERVAL_MS))).toEqual({ allowed: true });
  });

  it('lets exactly one of many requests at once through, on two replicas, in each of 20 races', async () => {
    for (let race = 0; race < 20; race++) {
      const operatorId = randomUUID();
      const now = new Date();
      // A first allowed one, so every racer reads a last claim that is old enough and races for the next.
      if (race % 2 === 1) await throttle.claim(operatorId, new Date(now.getTime() - MAIL_CHECK_INTERVAL_MS));
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? throttle : other).claim(operatorId, now)),
      );
      expect(answers.filter((answer) => answer.allowed)).toHaveLength(1);
    }
  });
});
