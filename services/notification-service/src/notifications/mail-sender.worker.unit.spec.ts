import type { SmtpMailer } from '../mail/smtp-mailer';
import { DEFAULT_MAIL_SENDER_OPTIONS, MailSender } from './mail-sender.worker';
import type { NotificationOutbox } from './notification-outbox';
import type { NotificationDocument } from './notification.document';

const mail = (id: string) =>
  ({ _id: id, recipient: `${id}@example.test`, subject: id, text: id, html: id, attempts: 1 }) as NotificationDocument;

describe('MailSender shutdown', () => {
  it('finishes the mail in hand and leaves the rest of a backlog for the next start', async () => {
    const queue = ['a', 'b', 'c', 'd'].map(mail);
    const sent: string[] = [];
    const outbox = { claimNext: async () => queue.shift(), markSent: async (id: string) => void sent.push(id) };
    let stopping: Promise<void> | undefined;
    const mailer = {
      send: async () => {
        // SIGTERM arrives while the first mail is being sent.
        stopping ??= sender.onApplicationShutdown();
        return { accepted: [] };
      },
    };
    const sender = new MailSender(
      outbox as unknown as NotificationOutbox,
      mailer as unknown as SmtpMailer,
      DEFAULT_MAIL_SENDER_OPTIONS,
    );

    await sender.drain();
    await stopping;

    expect(sent).toEqual(['a']);
    expect(queue.map((m) => m._id)).toEqual(['b', 'c', 'd']);
  });
});
