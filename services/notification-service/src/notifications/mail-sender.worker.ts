import { Inject, Injectable, Logger } from '@nestjs/common';
import { BackgroundWorker, backoffDelay, periodicWorker, PeriodicWorker, StopSignal } from '@signstash/platform';
import { SMTP_CONNECTIONS, SmtpMailer } from '../mail/smtp-mailer';
import { LEASE_MS, NotificationOutbox } from './notification-outbox';
import type { NotificationDocument } from './notification.document';

export const MAIL_SENDER_OPTIONS = Symbol('MAIL_SENDER_OPTIONS');

export interface MailSenderOptions {
  pollIntervalMs: number;
  /** How long a mail is retried while SMTP refuses it, from when it was recorded; then it is `failed`. */
  retryHorizonMs: number;
  initialBackoffMs: number;
  /** The longest wait between two tries: SMTP back is noticed within it. */
  maxBackoffMs: number;
  /**
   * Mails in hand at once. More than the pooled SMTP connections: a mail holds its slot while it is
   * taken (a claim, a lease renewal) and while it waits for a connection.
   */
  concurrency: number;
  /**
   * Mails accepted by SMTP whose sent mark is not written yet, past which a worker waits for its own
   * mark before taking the next mail: the most a crash or a database outage can have sent twice.
   */
  unmarkedLimit: number;
  /** Due mails read per query. */
  batchSize: number;
  /**
   * Mails handed over and not yet sent, past which new ones are recorded pending instead (then each is
   * found by a poll and claimed: three more writes). Room for a burst of a thousand expiries at one
   * instant; the lease of one that waits long is renewed before it is sent.
   */
  handOffLimit: number;
}

export const DEFAULT_MAIL_SENDER_OPTIONS: MailSenderOptions = {
  pollIntervalMs: 500,
  retryHorizonMs: 24 * 60 * 60_000,
  initialBackoffMs: 1000,
  maxBackoffMs: 5 * 60_000,
  concurrency: 4 * SMTP_CONNECTIONS,
  unmarkedLimit: 200,
  batchSize: 100,
  handOffLimit: 2000,
};

/**
 * Sends the recorded mails, a few at once. Mails the notifier just recorded are handed over in
 * memory, already leased to this sender; the rest (retries, a backlog after a restart, mails of a
 * stopped instance once their lease lapsed) are found by polling and claimed one by one right
 * before sending. While SMTP is down it retries each mail with exponential backoff (at most
 * `maxBackoffMs` apart) for `retryHorizonMs`, and never past the moment the mail stops being true
 * (`trueUntil`: a warning once its access expired); then the mail is marked failed (visible in the
 * API, the metrics and `ops mails status`, never dropped), or withdrawn if it was never tried. A
 * lease covers one send: a handed-over mail whose lease ran low while it waited is renewed first,
 * or skipped if another sender took it. The price of handing over: after a crash, mails handed
 * over and not yet sent wait for their lease to lapse (LEASE_MS) before a sender takes them (on a
 * clean shutdown they are given back at once). The one window for a duplicate is a crash (or a
 * failed write) between the SMTP server accepting a mail and its sent mark being written, for at most
 * `unmarkedLimit` mails; the stable Message-ID lets receivers recognise it.
 */
@Injectable()
export class MailSender implements BackgroundWorker {
  readonly name = 'mail sender';
  private readonly logger = new Logger(MailSender.name);
  /** The runs: every poll interval, and at once when mails are handed over. */
  private readonly poller: PeriodicWorker;
  private signal = new StopSignal();
  private handedOver: NotificationDocument[] = [];
  /** Mails found by the last poll, not yet taken. */
  private due: NotificationDocument[] = [];
  private readonly workers = new Set<Promise<void>>();
  /** Sent marks being written: a worker takes its next mail meanwhile (see deliver). */
  private readonly unmarked = new Set<Promise<void>>();
  private failure: unknown = undefined;
  readonly counters = { sent: 0, retried: 0, failed: 0 };

  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly mailer: SmtpMailer,
    @Inject(MAIL_SENDER_OPTIONS) private readonly options: MailSenderOptions,
  ) {
    this.poller = periodicWorker({
      intervalMs: options.pollIntervalMs,
      run: () => this.drainOnce(),
      onError: (error) => this.logger.error(`mail sender: ${String(error)}`),
    });
  }

  async start(): Promise<void> {
    this.signal = new StopSignal();
    this.poller.start();
  }

  /** Finishes the mails in hand only: the rest stays recorded and is sent after the next start. */
  async stop(): Promise<void> {
    this.signal.stop();
    await this.poller.stop();
    const untried = this.handedOver;
    this.handedOver = [];
    // Best effort: a mail not given back is taken over once its lease lapses.
    await Promise.allSettled(untried.map((mail) => this.outbox.release(mail)));
  }

  /** The lease to record new mails with for `handOff`; undefined (record them pending) when this sender takes no more now. */
  leaseForHandOff(now = new Date()): Date | undefined {
    if (this.signal.isStopped || this.handedOver.length >= this.options.handOffLimit) return undefined;
    return new Date(now.getTime() + LEASE_MS);
  }

  /**
   * Takes mails just recorded: the leased ones go straight to sending (more workers join a run in
   * progress), pending ones with the next poll of due mails.
   */
  handOff(mails: NotificationDocument[]): void {
    this.handedOver.push(...mails.filter((mail) => mail.status === 'sending'));
    if (mails.length === 0) return;
    if (this.poller.running) this.staff();
    else void this.poller.wake();
  }

  /** Sends every mail due now (a run right after the one in progress, if any); nothing once stopped. */
  drain(): Promise<void> {
    return this.poller.wake();
  }

  private async drainOnce(): Promise<void> {
    while (!this.signal.isStopped) {
      // Handed-over mails first: polling reads the whole outbox on FerretDB, so it waits for a lull.
      if (this.handedOver.length === 0) this.due = await this.outbox.due(this.options.batchSize);
      if (this.due.length === 0 && this.handedOver.length === 0 && this.workers.size === 0) return;
      this.staff();
      while (this.workers.size > 0) await Promise.race(this.workers);
      await Promise.all(this.unmarked);
      const failure = this.failure;
      this.failure = undefined;
      if (failure !== undefined) throw failure;
    }
  }

  /** Starts workers up to the concurrency while there are mails to take (each takes one as it starts). */
  private staff(): void {
    while (
      !this.signal.isStopped &&
      this.workers.size < this.options.concurrency &&
      this.handedOver.length + this.due.length > 0
    ) {
      const worker: Promise<void> = this.work()
        .catch((error: unknown) => void (this.failure ??= error))
        .finally(() => this.workers.delete(worker));
      this.workers.add(worker);
    }
  }

  private async work(): Promise<void> {
    // After a failure (a sent mark not written: the database is away) no more mails this run.
    while (!this.signal.isStopped && this.failure === undefined) {
      const handed = this.handedOver.shift();
      const candidate = handed ? undefined : this.due.shift();
      if (!handed && !candidate) return;
      const mail = handed ? await this.stillHeld(handed) : await this.outbox.claim(candidate!);
      if (mail) await this.deliver(mail);
    }
  }

  /** A handed-over mail as still leased to this sender, renewing a lease that ran low while it waited. */
  private async stillHeld(mail: NotificationDocument): Promise<NotificationDocument | undefined> {
    const left = (mail.leaseUntil?.getTime() ?? 0) - Date.now();
    return left > LEASE_MS / 2 ? mail : this.outbox.renewLease(mail);
  }

  private async deliver(mail: NotificationDocument, now = new Date()): Promise<void> {
    const { trueUntil } = mail;
    if (trueUntil && now >= trueUntil) {
      const when = `it stopped being true at ${trueUntil.toISOString()}`;
      // Tried and refused before: a mail that did not arrive in time, i.e. a failure to warn.
      if (mail.lastError) {
        await this.outbox.markFailed(mail, `not delivered before ${when}: ${mail.lastError}`);
        this.counters.failed++;
      } else await this.outbox.markWithdrawn(mail, `not sent: ${when}`);
      return;
    }
    try {
      await this.mailer.send({
        to: mail.recipient,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail._id}@signstash>`,
      });
    } catch (error) {
      await this.refused(mail, error instanceof Error ? error.message : String(error));
      return;
    }
    await this.marked(mail);
  }

  /**
   * Writes the sent mark (with those of the mails sent meanwhile, in one write) while the worker
   * takes its next mail, so the SMTP pace does not hang on the database's: at the start of a burst of
   * expiries FerretDB is busy with the rest of the burst and took 0.1–0.6 s a mark write (load 8).
   * Past `unmarkedLimit` marks in writing, the worker waits for its own.
   */
  private async marked(mail: NotificationDocument): Promise<void> {
    const written: Promise<void> = this.outbox
      .markSent(mail)
      .then(() => void this.counters.sent++)
      .catch((error: unknown) => void (this.failure ??= error))
      .finally(() => this.unmarked.delete(written));
    this.unmarked.add(written);
    if (this.unmarked.size > this.options.unmarkedLimit) await written;
  }

  /** Tries again after the backoff if that is before the mail's horizon and while it is true; else it failed. */
  private async refused(mail: NotificationDocument, message: string, now = Date.now()): Promise<void> {
    const horizon = (mail.retryFrom ?? mail.createdAt).getTime() + this.options.retryHorizonMs;
    const giveUpAt = Math.min(horizon, mail.trueUntil?.getTime() ?? Infinity);
    const backoff = { initialDelayMs: this.options.initialBackoffMs, maxDelayMs: this.options.maxBackoffMs };
    const delay = backoffDelay(backoff, mail.attempts);
    if (now + delay >= giveUpAt) {
      const why = giveUpAt === horizon ? 'its retry horizon ended' : 'it stops being true before the next try';
      await this.outbox.markFailed(mail, `${message} (${mail.attempts} attempts; ${why})`);
      this.counters.failed++;
      this.logger.error(`mail ${mail._id} to ${mail.recipient} failed after ${mail.attempts} attempts: ${message}`);
      return;
    }
    await this.outbox.markRetry(mail._id, message, new Date(now + delay));
    this.counters.retried++;
    this.logger.warn(
      `mail ${mail._id} to ${mail.recipient} not sent (attempt ${mail.attempts}), retrying in ${delay} ms: ${message}`,
    );
  }
}
