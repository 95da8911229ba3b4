// The expiry-latency bench's baseline for its mails: what a raw SMTP pool takes for as many.
import { createTransport } from 'nodemailer';
import { testEnv } from '@signstash/testing';
import { SMTP_CONNECTIONS } from '../../services/notification-service/src/mail/smtp-mailer';

/**
 * The baseline of the mails: a raw nodemailer pool with the sender's number of connections sending the
 * same number of mails (one of the run's expiry mails, as it was recorded) to the same Mailpit, all
 * handed to the pool at once. Its mails are deleted from Mailpit again.
 */
export async function rawSmtpMs(count: number, sample: { subject: string; text: string; html: string }, run: string) {
  const { smtpHost, smtpPort, mailpitApiUrl } = testEnv();
  const transport = createTransport({
    host: smtpHost,
    port: smtpPort,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    secure: false,
    ignoreTLS: true,
  });
  const to = `raw-smtp-baseline-${run}@bench.example`;
  try {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        transport.sendMail({ from: 'bench@signstash.example', to, ...sample, messageId: `<raw-${run}-${i}@bench>` }),
      ),
    );
    return performance.now() - started;
  } finally {
    transport.close();
    const query = encodeURIComponent(`to:"${to}"`);
    await fetch(`${mailpitApiUrl}/api/v1/search?query=${query}`, { method: 'DELETE' }).catch(() => undefined);
  }
}
