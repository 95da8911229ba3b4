import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SmtpMailer } from '../mail/smtp-mailer';
import { NotificationOutbox } from './notification-outbox';

export const MAIL_SENDER_OPTIONS = Symbol('MAIL_SENDER_OPTIONS');

export interface MailSenderOptions {
  pollIntervalMs: number;
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_MAIL_SENDER_OPTIONS: MailSenderOptions = { pollIntervalMs: 500, maxAttempts: 10, initialBackoffMs: 1000, maxBackoffMs: 5 * 60_000 };

/**
 * Sends the recorded mails. While SMTP is down it retries each mail with exponential backoff;
 * after `maxAttempts` the mail is marked failed (visible in the API and metrics, never dropped).
 * A restart resumes from the database. The one window for a duplicate is a crash between the
 * SMTP server accepting a mail and `markSent`; the stable Message-ID lets receivers recognise it.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;
  readonly counters = { sent: 0, retried: 0, failed: 0 };

  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly mailer: SmtpMailer,
    @Inject(MAIL_SENDER_OPTIONS) private readonly options: MailSenderOptions,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.drain(), this.options.pollIntervalMs);
  }

  /** Finishes the mail in hand only: the rest stays recorded and is sent after the next start. */
  async onApplicationShutdown() {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends every mail due now; overlapping calls share the run in progress. */
  drain(): Promise<void> {
    this.running ??= this.drainOnce()
      .catch((error) => this.logger.error(`mail sender: ${String(error)}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async drainOnce(): Promise<void> {
    while (!this.stopping) {
      const mail = await this.outbox.claimNext();
      if (!mail) return;
      try {
        await this.mailer.send({ to: mail.recipient, subject: mail.subject, text: mail.text, html: mail.html, messageId: `<${mail._id}@signstash>` });
        await this.outbox.markSent(mail._id);
        this.counters.sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (mail.attempts >= this.options.maxAttempts) {
          await this.outbox.markFailed(mail._id, message);
          this.counters.failed++;
          this.logger.error(`mail ${mail._id} to ${mail.recipient} failed after ${mail.attempts} attempts: ${message}`);
        } else {
          const delay = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** (mail.attempts - 1));
          await this.outbox.markRetry(mail._id, message, new Date(Date.now() + delay));
          this.counters.retried++;
          this.logger.warn(`mail ${mail._id} to ${mail.recipient} not sent (attempt ${mail.attempts}), retrying in ${delay} ms: ${message}`);
        }
      }
    }
  }
}
