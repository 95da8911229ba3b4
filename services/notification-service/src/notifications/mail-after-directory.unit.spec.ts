import type { CertificateEnvelope } from '@signstash/contracts';
import type { KafkaEventConsumer } from '@signstash/messaging';
import { mailAfterDirectory } from './mail-after-directory';
import type { MailSender } from './mail-sender.worker';
import type { NotificationDocument } from './notification.document';

const expired = (id: string) =>
  ({ eventId: id, type: 'AccessExpired', aggregateId: id }) as unknown as CertificateEnvelope;
const mailOf = (envelope: CertificateEnvelope) => ({ _id: `${envelope.eventId}:op` }) as NotificationDocument;

/** The directory and the sender in memory: what is waited for and handed over is logged in order. */
function fakes() {
  const log: string[] = [];
  let release!: () => void;
  const caughtUp = new Promise<void>((resolve) => (release = resolve));
  const directory = {
    waitUntilCaughtUp: async (_timeout: number, _poll: number, _onPoll: unknown, publishedBefore: number) => {
      log.push(`wait before ${publishedBefore}`);
      await caughtUp;
    },
  } as unknown as KafkaEventConsumer;
  const lease = new Date(Date.now() + 60_000);
  const sender = {
    leaseForHandOff: () => lease,
    handOff: (mails: NotificationDocument[]) => log.push(...mails.map((mail) => `hand off ${mail._id}`)),
  } as unknown as MailSender;
  return { mail: mailAfterDirectory(directory, sender), log, release, lease };
}

describe('mailAfterDirectory', () => {
  it('waits once for the events published before an expiry, sharing that wait with the expiries published before it', async () => {
    const { mail, log, release } = fakes();
    const handler = mail.each(async (envelope) => [mailOf(envelope)]);
    const context = (publishedAt: number) => ({ publishedAt, heartbeat: async () => undefined }) as never;

    const first = handler(expired('a'), context(2_000));
    const earlier = handler(expired('b'), context(1_500));
    const later = handler(expired('c'), context(2_500));
    release();
    await Promise.all([first, earlier, later]);

    expect(log.filter((entry) => entry.startsWith('wait'))).toEqual(['wait before 2000', 'wait before 2500']);
  });

  it("mails a fetched batch after one wait for the directory, each event's mails recorded with the hand-off lease", async () => {
    const { mail, log, release, lease } = fakes();
    const leases: Array<Date | undefined> = [];
    const handler = mail.all(async (envelope, leaseUntil) => {
      leases.push(leaseUntil);
      log.push(`record ${envelope.eventId}`);
      return [mailOf(envelope)];
    });

    // What the batch's expiries cause (their suspensions) is published after the last of them: not waited for.
    const done = handler([expired('a'), expired('b'), expired('c')], async () => undefined, 1_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['wait before 1000']);
    release();
    await done;

    expect(log.filter((entry) => entry.startsWith('wait'))).toHaveLength(1);
    expect(log.filter((entry) => entry.startsWith('record')).sort()).toEqual(['record a', 'record b', 'record c']);
    expect(log.filter((entry) => entry.startsWith('hand off')).sort()).toEqual([
      'hand off a:op',
      'hand off b:op',
      'hand off c:op',
    ]);
    expect(leases).toEqual([lease, lease, lease]);
  });
});
