import { MailpitClient, testEnv, uniqueName } from '@signstash/testing';
import { SmtpMailer } from './smtp-mailer';

describe('SmtpMailer against the SMTP sink (Mailpit)', () => {
  const env = testEnv();
  const mailer = new SmtpMailer({ host: env.smtpHost, port: env.smtpPort, from: 'no-reply@signstash.local' });
  const mailpit = new MailpitClient(env.mailpitApiUrl);

  afterAll(() => mailer.close());

  it('sends a mail whose subject, recipient, text and HTML arrive intact', async () => {
    const to = `${uniqueName('operator')}@issuer.example`;
    const messageId = `<${uniqueName('notification')}@signstash.local>`;

    const { accepted } = await mailer.send({
      to,
      subject: 'CA access expires in 7 days',
      text: 'The CA access of certificate “payroll” expires on 2026-12-05.',
      html: '<p>The CA access of certificate <b>payroll</b> expires on 2026-12-05.</p>',
      messageId,
    });
    expect(accepted).toEqual([to]);

    const [mail] = await mailpit.waitForMessages(`to:"${to}"`);
    expect(mail.Subject).toBe('CA access expires in 7 days');
    expect(mail.To.map((address) => address.Address)).toEqual([to]);
    expect(mail.From.Address).toBe('no-reply@signstash.local');
    expect(mail.MessageID).toBe(messageId.slice(1, -1));
    expect(mail.Text.trim()).toBe('The CA access of certificate “payroll” expires on 2026-12-05.');
    expect(mail.HTML).toContain('<p>The CA access of certificate <b>payroll</b> expires on 2026-12-05.</p>');
  });
});
