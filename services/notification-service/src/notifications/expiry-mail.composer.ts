/** Composes the e-mails operators get about a certificate's CA access: plain text and HTML parts. */
import { duration } from '@signstash/contracts';
import { type ComposedMail, escapeHtml, html } from './composed-mail';

/** Who reads the mail: an issuer operator acts on it; a viewer (who opted in) is told that the operators do. */
export interface MailReader {
  operatorName: string;
  canRenew: boolean;
  /** Where the reader chooses which of these mails they get. */
  settingsUrl: string;
}

export interface ExpiringMailFacts extends MailReader {
  alias: string;
  provider: string;
  expiresAt: string;
  /** The instant of the warning (its event's `occurredAt`): the time left is counted from it, not rounded to days. */
  warnedAt: string;
  /** The client services active now, by name: those the expiry will suspend. */
  clientServicesToSuspend: string[];
  certificateUrl: string;
}

export interface ExpiredMailFacts extends MailReader {
  alias: string;
  provider: string;
  expiresAt: string;
  /** Blocked by the signature limit (with the limit): said so, instead of the time limit's date. */
  signatureLimit?: number;
  expiredAt?: string;
  suspendedClientServices: string[];
  certificateUrl: string;
  clientServicesUrl: string;
}

// One formatter for every mail: toLocaleString builds a new one per call, a tenth of the CPU of a thousand expiry mails.
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

export const formatDate = (iso: string) => DATE_FORMAT.format(new Date(iso)) + ' UTC';

/** A list of client services in both parts, or the sentence saying there is none. */
export const serviceList = (names: string[], heading: string, none: string) =>
  names.length === 0
    ? { text: none, html: `<p>${escapeHtml(none)}</p>` }
    : {
        text: `${heading}\n${names.map((name) => `  - ${name}`).join('\n')}`,
        html: `<p>${escapeHtml(heading)}</p><ul>${names.map((name) => `<li>${escapeHtml(name)}</li>`).join('')}</ul>`,
      };

/** The closing line of both mails: why the reader gets them, and where to change that. */
export const choiceFooter = (reader: MailReader) => {
  const text = 'You can choose which of these e-mails you receive on the Settings page:';
  return {
    text: `${text} ${reader.settingsUrl}`,
    html: `<p style="color: #52606d; font-size: 0.9em">${escapeHtml(text)} <a href="${escapeHtml(reader.settingsUrl)}">Settings</a>.</p>`,
  };
};

export const OPERATORS_ACT = "Your issuer's operators are told too: renewing the access is theirs to do.";

export function composeAccessExpiring(facts: ExpiringMailFacts): ComposedMail {
  const when = formatDate(facts.expiresAt);
  const left = duration(Date.parse(facts.expiresAt) - Date.parse(facts.warnedAt));
  const services = serviceList(
    facts.clientServicesToSuspend,
    'These client services will be suspended:',
    'No active client service uses it now, so none will be suspended.',
  );
  const consequence =
    "When it expires, Sign'Stash can no longer sign with this certificate, and every active client service using it is suspended automatically.";
  const footer = choiceFooter(facts);
  const act = facts.canRenew
    ? {
        text: `Renew the CA access before then: ${facts.certificateUrl}`,
        html: `<p><a href="${escapeHtml(facts.certificateUrl)}">Renew the CA access</a> before then.</p>`,
      }
    : { text: OPERATORS_ACT, html: `<p>${escapeHtml(OPERATORS_ACT)}</p>` };
  return {
    subject: `CA access of certificate "${facts.alias}" expires in ${left}`,
    text:
      [
        `Hello ${facts.operatorName},`,
        `The Certificate Authority access that Sign'Stash has to your certificate "${facts.alias}" (CA: ${facts.provider}) expires on ${when}, in ${left}.`,
        consequence,
        services.text,
        act.text,
        footer.text,
      ].join('\n\n') + '\n',
    html: html([
      `<p>Hello ${escapeHtml(facts.operatorName)},</p>`,
      `<p>The Certificate Authority access that Sign'Stash has to your certificate <strong>${escapeHtml(facts.alias)}</strong> (CA: ${escapeHtml(facts.provider)}) expires on <strong>${escapeHtml(when)}</strong>, in ${escapeHtml(left)}.</p>`,
      `<p>${escapeHtml(consequence)}</p>`,
      services.html,
      act.html,
      footer.html,
    ]),
  };
}

export function composeAccessExpired(facts: ExpiredMailFacts): ComposedMail {
  const when = formatDate(facts.expiresAt);
  const what =
    facts.signatureLimit === undefined
      ? `expired on ${when}`
      : `was blocked on ${formatDate(facts.expiredAt ?? facts.expiresAt)}: the limit of ${facts.signatureLimit.toLocaleString('en-GB')} signatures since the last grant was reached`;
  const suspended = serviceList(
    facts.suspendedClientServices,
    'These client services were suspended:',
    'No active client service was using it.',
  );
  const steps = [
    `1. Renew the CA access of the certificate: ${facts.certificateUrl}`,
    `2. Reactivate the suspended client services (the certificate page offers it right after the renewal, or go to ${facts.clientServicesUrl}).`,
  ];
  const footer = choiceFooter(facts);
  const act = facts.canRenew
    ? {
        text: `To resume signing:\n${steps.join('\n')}`,
        html: `<p>To resume signing:</p><ol><li><a href="${escapeHtml(facts.certificateUrl)}">Renew the CA access</a> of the certificate.</li><li>Reactivate the suspended client services (the certificate page offers it right after the renewal, or see <a href="${escapeHtml(facts.clientServicesUrl)}">Client services</a>).</li></ol>`,
      }
    : { text: OPERATORS_ACT, html: `<p>${escapeHtml(OPERATORS_ACT)}</p>` };
  return {
    subject: `CA access of certificate "${facts.alias}" expired: client services suspended`,
    text:
      [
        `Hello ${facts.operatorName},`,
        `The Certificate Authority access that Sign'Stash had to your certificate "${facts.alias}" (CA: ${facts.provider}) ${what}. Sign'Stash cannot sign with it until the access is renewed.`,
        suspended.text,
        act.text,
        footer.text,
      ].join('\n\n') + '\n',
    html: html([
      `<p>Hello ${escapeHtml(facts.operatorName)},</p>`,
      `<p>The Certificate Authority access that Sign'Stash had to your certificate <strong>${escapeHtml(facts.alias)}</strong> (CA: ${escapeHtml(facts.provider)}) ${escapeHtml(what)}. Sign'Stash cannot sign with it until the access is renewed.</p>`,
      suspended.html,
      act.html,
      footer.html,
    ]),
  };
}
