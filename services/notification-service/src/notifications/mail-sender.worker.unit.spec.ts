import type { SmtpMailer } from '../mail/smtp-mailer';
import { DEFAULT_MAIL_SENDER_OPTIONS, MailSender } from './mail-sender.worker';
import { LEASE_MS, NotificationOutbox } from './notification-outbox';
import type { NotificationDocument } from './notification.document';

const mail = (id: string, lease?: Date) =>
  ({
    _id: id,
    recipient: `${id}@example.test`,
    subject: id,
    text: id,
    html: id,
    ...(lease
      ? { status: 'sending', attempts: 1, generation: 0, leaseUntil: lease }
      : { status: 'pending', attempts: 0, generation: 0 }),
  }) as NotificationDocument;

/** An outbox in memory: `due` lists the pending mails, `claim` takes one once; what the sender wrote is logged. */
function memoryOutbox(ids: string[]) {
  const pending = ids.map((id) => mail(id));
  const sent: string[] = [];
  const writes: string[] = [];
  const outbox = {
    due: async (limit: number) => pending.slice(0, limit),
    claim: async (candidate: NotificationDocument) => {
      const index = pending.findIndex((m) => m._id === candidate._id);
      writes.push(`claim ${candidate._id}`);
      return index < 0 ? undefined : { ...pending.splice(index, 1)[0], status: 'sending', attempts: 1 };
    },
    renewLease: async (held: NotificationDocument) => {
      writes.push(`renew ${held._id}`);
      return held._id === 'taken-over' ? undefined : { ...held, leaseUntil: new Date(Date.now() + LEASE_MS) };
    },
    release: async (held: NotificationDocument) => void writes.push(`release ${held._id}`),
    markSent: async (mail: Pick<NotificationDocument, '_id'>) => void sent.push(mail._id),
  };
  return { outbox: outbox as unknown as NotificationOutbox, pending, sent, writes };
}

const instantMailer = { send: async () => ({ accepted: [] }) } as unknown as SmtpMailer;

describe('MailSender', () => {
  it('sends a backlog a few at a time, never more at once than its concurrency, each mail once', async () => {
    const { outbox, pending, sent } = memoryOutbox(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    let inFlight = 0;
    let most = 0;
    const mailer = {
      send: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return { accepted: [] };
      },
    };
    const sender = new MailSender(outbox, mailer as unknown as SmtpMailer, {
      ...DEFAULT_MAIL_SENDER_OPTIONS,
      concurrency: 3,
      batchSize: 4,
    });

    await sender.drain();

    expect([...sent].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(most).toBe(3);
    expect(pending).toHaveLength(0);
  });

  it('sends handed-over mails without claiming them, renewing a lease that ran low, skipping one taken over', async () => {
    const { outbox, sent, writes } = memoryOutbox([]);
    const sender = new MailSender(outbox, instantMailer, DEFAULT_MAIL_SENDER_OPTIONS);
    const lease = sender.leaseForHandOff()!;
    const aged = new Date(Date.now() + LEASE_MS / 4);

    sender.handOff([mail('fresh', lease), mail('aged', aged), mail('taken-over', aged), mail('pending-one')]);
    await sender.drain();

    expect([...sent].sort()).toEqual(['aged', 'fresh']);
    expect([...writes].sort()).toEqual(['renew aged', 'renew taken-over']);
  });

  it('puts more workers on mails handed over while a run is in progress', async () => {
    const { outbox, sent } = memoryOutbox([]);
    const releases: Array<() => void> = [];
    const mailer = {
      send: () => new Promise((resolve) => releases.push(() => resolve({ accepted: [] }))),
    } as unknown as SmtpMailer;
    const sender = new MailSender(outbox, mailer, { ...DEFAULT_MAIL_SENDER_OPTIONS, concurrency: 4 });
    const lease = sender.leaseForHandOff()!;

    sender.handOff([mail('a', lease)]);
    const run = sender.drain();
    await new Promise((resolve) => setImmediate(resolve));
    sender.handOff(['b', 'c', 'd', 'e'].map((id) => mail(id, lease)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(4); // a, b, c, d at once; e waits for a free worker

    while (sent.length < 5) {
      releases.splice(0).forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
    }
    await run;
    expect([...sent].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('takes no more mails by hand once enough wait to be sent', () => {
    const stuck = { send: () => new Promise(() => undefined) } as unknown as SmtpMailer;
    const sender = new MailSender(memoryOutbox([]).outbox, stuck, {
      ...DEFAULT_MAIL_SENDER_OPTIONS,
      concurrency: 2,
      handOffLimit: 2,
    });
    const lease = sender.leaseForHandOff()!;
    sender.handOff(['a', 'b', 'c'].map((id) => mail(id, lease)));
    expect(sender.leaseForHandOff()).toBeDefined(); // two in hand, one waiting
    sender.handOff([mail('d', lease)]);
    expect(sender.leaseForHandOff()).toBeUndefined();
  });

  it('finishes the mails in hand at shutdown, gives back the handed-over ones not tried, and leaves the backlog', async () => {
    const { outbox, pending, sent, writes } = memoryOutbox(['c', 'd', 'e', 'f']);
    let stopping: Promise<void> | undefined;
    const mailer = {
      send: async () => {
        // SIGTERM arrives while the first mails are being sent.
        stopping ??= sender.stop();
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { accepted: [] };
      },
    };
    const sender = new MailSender(outbox, mailer as unknown as SmtpMailer, {
      ...DEFAULT_MAIL_SENDER_OPTIONS,
      concurrency: 2,
    });
    const lease = sender.leaseForHandOff()!;

    sender.handOff(['a', 'b', 'x', 'y'].map((id) => mail(id, lease)));
    await sender.drain();
    await stopping;

    expect([...sent].sort()).toEqual(['a', 'b']);
    expect(writes).toEqual(['release x', 'release y']);
    expect(pending.map((m) => m._id)).toEqual(['c', 'd', 'e', 'f']);
    expect(sender.leaseForHandOff()).toBeUndefined();
  });
});

describe('MailSender: sent marks', () => {
  /** An outbox whose sent marks are written only when the test says so (or at once once it says `writeAll`), or fail. */
  function slowMarks() {
    const marks: Array<{ id: string; write: () => void; fail: (error: Error) => void }> = [];
    let writeAtOnce = false;
    const outbox = {
      due: async () => [],
      markSent: (mail: Pick<NotificationDocument, '_id'>) =>
        writeAtOnce ? Promise.resolve() : new Promise<void>((write, fail) => marks.push({ id: mail._id, write, fail })),
      release: async () => undefined,
    } as unknown as NotificationOutbox;
    const writeAll = () => {
      writeAtOnce = true;
      marks.forEach((mark) => mark.write());
    };
    return { outbox, marks, writeAll };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('keeps the SMTP connections busy while the sent marks are being written, and drains once they are', async () => {
    const { outbox, marks } = slowMarks();
    const sentBySmtp: string[] = [];
    const mailer = { send: async (mail: { subject: string }) => void sentBySmtp.push(mail.subject) };
    const sender = new MailSender(outbox, mailer as unknown as SmtpMailer, {
      ...DEFAULT_MAIL_SENDER_OPTIONS,
      concurrency: 2,
    });
    const lease = sender.leaseForHandOff()!;
    sender.handOff(['a', 'b', 'c', 'd', 'e'].map((id) => mail(id, lease)));
    let drained = false;
    const run = sender.drain().then(() => (drained = true));
    await settle();

    // Two workers, five mails: all of them sent while no mark is written yet.
    expect(sentBySmtp.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(drained).toBe(false);
    marks.forEach((mark) => mark.write());
    await run;
    expect(sender.counters.sent).toBe(5);
  });

  it('waits for its own mark past the limit of unwritten marks, and takes no more mails in that run once a mark failed', async () => {
    const { outbox, marks, writeAll } = slowMarks();
    const sentBySmtp: string[] = [];
    const mailer = { send: async (mail: { subject: string }) => void sentBySmtp.push(mail.subject) };
    const sender = new MailSender(outbox, mailer as unknown as SmtpMailer, {
      ...DEFAULT_MAIL_SENDER_OPTIONS,
      concurrency: 1,
      unmarkedLimit: 2,
    });
    const lease = sender.leaseForHandOff()!;
    sender.handOff(['a', 'b', 'c', 'd', 'e'].map((id) => mail(id, lease)));
    const run = sender.drain();
    await settle();
    expect(sentBySmtp).toEqual(['a', 'b', 'c']);

    marks.find((mark) => mark.id === 'c')!.fail(new Error('FerretDB away'));
    await settle();
    expect(sentBySmtp).toEqual(['a', 'b', 'c']);

    // The next run (the next poll) takes the rest; c stays leased, taken again once its lease lapses.
    writeAll();
    await run;
    expect(sentBySmtp).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sender.counters.sent).toBe(4);
  });
});

describe('MailSender: retries bounded by time, not by a count', () => {
  const HOUR = 60 * 60_000;
  const refusing = {
    send: async () => {
      throw new Error('connect ECONNREFUSED');
    },
  } as unknown as SmtpMailer;

  /** What the sender decides for one handed-over mail SMTP refuses (or that is no longer true). */
  async function outcomeOf(fields: Partial<NotificationDocument>): Promise<string> {
    const writes: string[] = [];
    const outbox = {
      markRetry: async (_id: string, _error: string, at: Date) =>
        void writes.push(`retry in ${Math.round((at.getTime() - Date.now()) / 1000)} s`),
      markFailed: async (_mail: NotificationDocument, error: string) => void writes.push(`failed: ${error}`),
      markWithdrawn: async (_mail: NotificationDocument, reason: string) => void writes.push(`withdrawn: ${reason}`),
      markSent: async () => void writes.push('sent'),
    } as unknown as NotificationOutbox;
    const sender = new MailSender(outbox, refusing, { ...DEFAULT_MAIL_SENDER_OPTIONS, retryHorizonMs: 24 * HOUR });
    const lease = sender.leaseForHandOff()!;
    sender.handOff([{ ...mail('m', lease), createdAt: new Date(), ...fields }]);
    await sender.drain();
    return writes.join('; ');
  }

  it('keeps retrying, at most 5 minutes apart, however many attempts it took, within its horizon', async () => {
    expect(await outcomeOf({ attempts: 3 })).toBe('retry in 4 s');
    expect(await outcomeOf({ attempts: 50, createdAt: new Date(Date.now() - 20 * HOUR) })).toBe('retry in 300 s');
  });

  it('fails a mail whose next try would fall past its horizon, counted from when ops retried it', async () => {
    const old = new Date(Date.now() - 24 * HOUR + 60_000);
    expect(await outcomeOf({ attempts: 40, createdAt: old })).toMatch(/^failed: .*ECONNREFUSED.*retry horizon ended/);
    expect(await outcomeOf({ attempts: 40, createdAt: old, retryFrom: new Date() })).toBe('retry in 300 s');
  });

  it('never sends a mail past the moment it stops being true: failed if SMTP refused it before, else withdrawn', async () => {
    const soon = new Date(Date.now() + 1000);
    expect(await outcomeOf({ attempts: 4, trueUntil: soon })).toMatch(/^failed: .*stops being true/);
    const past = new Date(Date.now() - 1000);
    expect(await outcomeOf({ trueUntil: past, lastError: 'connect ECONNREFUSED' })).toMatch(
      /^failed: not delivered before it stopped being true/,
    );
    expect(await outcomeOf({ trueUntil: past })).toMatch(/^withdrawn: not sent: it stopped being true/);
  });
});
