import type { CertificateEnvelope } from '@signstash/contracts';
import type { KafkaEventConsumer } from '@signstash/messaging';
import { mailAfterDirectory } from './mail-after-directory';
import type { MailSender } from './mail-sender.worker';
import type { NotificationDocument } from './notification.document';

const expired = (id: string) =>
  ({ eventId: id, type: 'AccessExpired', aggregateId: id }) as unknown as CertificateEnvelope;
const mailOf = (envelope: CertificateEnvelope, saw: string) =>
  ({ _id: `${envelope.eventId}:op`, text: saw }) as NotificationDocument;

/**
 * The directory consumer and the sender in memory: the directory has handled `handled` offsets of
 * its one partition; Kafka says `published` were published before any cut-off. What is asked and
 * handed over is logged in order.
 */
function fakes({ handled, published }: { handled: bigint; published: bigint }) {
  const log: string[] = [];
  const directory = {
    state: 'before',
    handledSnapshot: () => new Map([['directory/0', handled]]),
    offsetsPublishedBefore: async (publishedBefore: number) => {
      log.push(`offsets before ${publishedBefore}`);
      return new Map([['directory/0', published]]);
    },
    waitUntilCaughtUp: async (_timeout: number, _poll: number, _onPoll: unknown, publishedBefore: number) => {
      log.push(`wait before ${publishedBefore}`);
      directory.state = 'caught up';
    },
  };
  const lease = new Date(Date.now() + 60_000);
  const sender = {
    leaseForHandOff: () => lease,
    handOff: (mails: NotificationDocument[]) => log.push(...mails.map((mail) => `hand off ${mail._id} (${mail.text})`)),
  } as unknown as MailSender;
  const mail = mailAfterDirectory(directory as unknown as KafkaEventConsumer, sender);
  /** A notifier that looks the directory up once and mails what it saw. */
  const notify = async (
    envelope: CertificateEnvelope,
    _lease: Date | undefined,
    read: <T>(r: () => Promise<T>) => Promise<T>,
  ) => {
    const saw = await read(async () => {
      log.push(`look up ${envelope.eventId}`);
      return directory.state;
    });
    return [mailOf(envelope, saw)];
  };
  return { mail, log, lease, notify };
}

describe('mailAfterDirectory', () => {
  it('mails what a look-up saw while Kafka was asked, when the directory had handled everything published before', async () => {
    const { mail, log, notify } = fakes({ handled: 7n, published: 7n });
    await mail.each(notify)(expired('a'), { publishedAt: 2_000, heartbeat: async () => undefined } as never);
    expect(log).toEqual(['offsets before 2000', 'look up a', 'hand off a:op (before)']);
  });

  it('waits for a directory that is behind, then looks up again', async () => {
    const { mail, log, notify } = fakes({ handled: 6n, published: 7n });
    await mail.each(notify)(expired('a'), { publishedAt: 2_000, heartbeat: async () => undefined } as never);
    expect(log).toEqual([
      'offsets before 2000',
      'look up a',
      'wait before 2000',
      'look up a',
      'hand off a:op (caught up)',
    ]);
  });

  it('asks Kafka once for a batch and for the expiries published before one asked', async () => {
    const { mail, log, lease, notify } = fakes({ handled: 7n, published: 7n });
    const leases: Array<Date | undefined> = [];
    const handler = mail.all(async (envelope, leaseUntil, read) => {
      leases.push(leaseUntil);
      return notify(envelope, leaseUntil, read);
    });
    // What the batch's expiries cause (their suspensions) is published after the last of them: not asked for.
    await handler([expired('a'), expired('b'), expired('c')], async () => undefined, 1_000);
    await mail.each(notify)(expired('d'), { publishedAt: 900, heartbeat: async () => undefined } as never);

    expect(log.filter((entry) => entry.startsWith('offsets'))).toEqual(['offsets before 1000']);
    expect(log.filter((entry) => entry.startsWith('hand off')).sort()).toEqual([
      'hand off a:op (before)',
      'hand off b:op (before)',
      'hand off c:op (before)',
      'hand off d:op (before)',
    ]);
    expect(leases).toEqual([lease, lease, lease]);
  });
});
