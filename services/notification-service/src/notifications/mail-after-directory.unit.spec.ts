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
    waitUntilCaughtUp: async () => {
      log.push('wait');
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
  it("mails a fetched batch after one wait for the directory, each event's mails recorded with the hand-off lease", async () => {
    const { mail, log, release, lease } = fakes();
    const leases: Array<Date | undefined> = [];
    const handler = mail.all(async (envelope, leaseUntil) => {
      leases.push(leaseUntil);
      log.push(`record ${envelope.eventId}`);
      return [mailOf(envelope)];
    });

    const done = handler([expired('a'), expired('b'), expired('c')], async () => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['wait']);
    release();
    await done;

    expect(log.filter((entry) => entry === 'wait')).toHaveLength(1);
    expect(log.filter((entry) => entry.startsWith('record')).sort()).toEqual(['record a', 'record b', 'record c']);
    expect(log.filter((entry) => entry.startsWith('hand off')).sort()).toEqual([
      'hand off a:op',
      'hand off b:op',
      'hand off c:op',
    ]);
    expect(leases).toEqual([lease, lease, lease]);
  });
});
