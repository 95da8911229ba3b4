import { createTransport, Transporter } from 'nodemailer';
import type { EngineProbe } from '@signstash/platform';

export interface SmtpOptions {
  host: string;
  port: number;
  from: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable id so a receiving server (and we) can recognise a resend of the same mail. */
  messageId: string;
}

/** SMTP connections kept open and used at once (nodemailer's pool). */
export const SMTP_CONNECTIONS = 4;

/** The one place this service talks SMTP. */
export class SmtpMailer {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    this.transport = createTransport({
      host: options.host,
      port: options.port,
      // Pooled: a burst of expiry mails goes over a few open connections instead of a handshake each.
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10000,
    });
  }

  async send(mail: OutgoingMail): Promise<{ accepted: string[] }> {
    const info = await this.transport.sendMail({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
    return {
      accepted: (info.accepted as Array<string | { address: string }>).map((a) =>
        typeof a === 'string' ? a : a.address,
      ),
    };
  }

  probe(): EngineProbe {
    return { name: 'smtp', check: async () => void (await this.transport.verify()) };
  }

  close(): void {
    this.transport.close();
  }
}
