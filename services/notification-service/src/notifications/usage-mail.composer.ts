/** Composes the e-mail operators get when the signatures used since the last grant pass the warning ratio. */
import { type ComposedMail, escapeHtml, html } from './composed-mail';
import { choiceFooter, formatDate, type MailReader, OPERATORS_ACT, serviceList } from './expiry-mail.composer';

export interface UsageMailFacts extends MailReader {
  alias: string;
  provider: string;
  signatures: number;
  signatureLimit: number;
  /** The time limit: the access ends then at the latest. */
  expiresAt: string;
  clientServicesToSuspend: string[];
  certificateUrl: string;
}

const count = (value: number) => value.toLocaleString('en-GB');

export function composeAccessUsageWarned(facts: UsageMailFacts): ComposedMail {
  // Rounded down, so "100 %" is never said of an access still usable.
  const share = `${Math.floor((facts.signatures / facts.signatureLimit) * 1000) / 10} %`;
  const used = `${count(facts.signatures)} of the ${count(facts.signatureLimit)} signatures (${share})`;
  const services = serviceList(
    facts.clientServicesToSuspend,
    'These client services will be suspended when the limit is reached:',
    'No active client service uses it now, so none will be suspended.',
  );
  const consequence = `When the limit is reached, or on ${formatDate(facts.expiresAt)} at the latest, Sign'Stash can no longer sign with this certificate, and every active client service using it is suspended automatically. Renewing the access starts the count again.`;
  const footer = choiceFooter(facts);
  const act = facts.canRenew
    ? {
        text: `Renew the CA access before then: ${facts.certificateUrl}`,
        html: `<p><a href="${escapeHtml(facts.certificateUrl)}">Renew the CA access</a> before then.</p>`,
      }
    : { text: OPERATORS_ACT, html: `<p>${escapeHtml(OPERATORS_ACT)}</p>` };
  const intro = `Sign'Stash has applied ${used} that the Certificate Authority allows since the last grant of access to your certificate "${facts.alias}" (CA: ${facts.provider}).`;
  return {
    subject: `CA access of certificate "${facts.alias}": ${share} of its signatures used`,
    text:
      [`Hello ${facts.operatorName},`, intro, consequence, services.text, act.text, footer.text].join('\n\n') + '\n',
    html: html([
      `<p>Hello ${escapeHtml(facts.operatorName)},</p>`,
      `<p>${escapeHtml(intro)}</p>`,
      `<p>${escapeHtml(consequence)}</p>`,
      services.html,
      act.html,
      footer.html,
    ]),
  };
}
