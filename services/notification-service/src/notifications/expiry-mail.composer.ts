/** Composes the e-mails operators get about a certificate's CA access: plain text and HTML parts. */

export interface ExpiringMailFacts {
  operatorName: string;
  alias: string;
  provider: string;
  expiresAt: string;
  daysLeft: number;
  clientServiceCount: number;
  certificateUrl: string;
}

export interface ExpiredMailFacts {
  operatorName: string;
  alias: string;
  provider: string;
  expiresAt: string;
  suspendedClientServices: string[];
  certificateUrl: string;
  clientServicesUrl: string;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const formatDate = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const html = (paragraphs: string[]) =>
  `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">${paragraphs.join('')}</body></html>`;

export function composeAccessExpiring(facts: ExpiringMailFacts): ComposedMail {
  const when = formatDate(facts.expiresAt);
  const days = plural(facts.daysLeft, 'day', 'days');
  const services = plural(facts.clientServiceCount, 'client service uses', 'client services use');
  const lines = [
    `Hello ${facts.operatorName},`,
    `The Certificate Authority access that Sign'Stash has to your certificate "${facts.alias}" (CA: ${facts.provider}) expires on ${when}, in ${days}.`,
    `When it expires, Sign'Stash can no longer sign with this certificate, and every client service using it is suspended automatically. ${services} this certificate now.`,
    `Renew the CA access before then: ${facts.certificateUrl}`,
  ];
  return {
    subject: `CA access of certificate "${facts.alias}" expires in ${days}`,
    text: `${lines.join('\n\n')}\n`,
    html: html([
      `<p>Hello ${escapeHtml(facts.operatorName)},</p>`,
      `<p>The Certificate Authority access that Sign'Stash has to your certificate <strong>${escapeHtml(facts.alias)}</strong> (CA: ${escapeHtml(facts.provider)}) expires on <strong>${escapeHtml(when)}</strong>, in ${days}.</p>`,
      `<p>When it expires, Sign'Stash can no longer sign with this certificate, and every client service using it is suspended automatically. ${escapeHtml(services)} this certificate now.</p>`,
      `<p><a href="${escapeHtml(facts.certificateUrl)}">Renew the CA access</a> before then.</p>`,
    ]),
  };
}

export function composeAccessExpired(facts: ExpiredMailFacts): ComposedMail {
  const when = formatDate(facts.expiresAt);
  const suspended = facts.suspendedClientServices;
  const suspendedText =
    suspended.length === 0
      ? 'No active client service was using it.'
      : `These client services were suspended:\n${suspended.map((name) => `  - ${name}`).join('\n')}`;
  const steps = [
    `1. Renew the CA access of the certificate: ${facts.certificateUrl}`,
    `2. Reactivate the suspended client services (the certificate page offers it right after the renewal, or go to ${facts.clientServicesUrl}).`,
  ];
  return {
    subject: `CA access of certificate "${facts.alias}" expired: client services suspended`,
    text:
      [
        `Hello ${facts.operatorName},`,
        `The Certificate Authority access that Sign'Stash had to your certificate "${facts.alias}" (CA: ${facts.provider}) expired on ${when}. Sign'Stash cannot sign with it until the access is renewed.`,
        suspendedText,
        `To resume signing:\n${steps.join('\n')}`,
      ].join('\n\n') + '\n',
    html: html([
      `<p>Hello ${escapeHtml(facts.operatorName)},</p>`,
      `<p>The Certificate Authority access that Sign'Stash had to your certificate <strong>${escapeHtml(facts.alias)}</strong> (CA: ${escapeHtml(facts.provider)}) expired on <strong>${escapeHtml(when)}</strong>. Sign'Stash cannot sign with it until the access is renewed.</p>`,
      suspended.length === 0
        ? '<p>No active client service was using it.</p>'
        : `<p>These client services were suspended:</p><ul>${suspended.map((name) => `<li>${escapeHtml(name)}</li>`).join('')}</ul>`,
      `<p>To resume signing:</p><ol><li><a href="${escapeHtml(facts.certificateUrl)}">Renew the CA access</a> of the certificate.</li><li>Reactivate the suspended client services (the certificate page offers it right after the renewal, or see <a href="${escapeHtml(facts.clientServicesUrl)}">Client services</a>).</li></ol>`,
    ]),
  };
}
