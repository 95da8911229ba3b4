import { type ComposedMail, escapeHtml, html } from '../notifications/composed-mail';

export interface MailCheckFacts {
  operatorName: string;
  recipient: string;
  settingsUrl: string;
}

/** The mail an operator asks for to see that Sign'Stash's mail reaches them (not caught as spam, the address right). */
export function composeMailCheck(facts: MailCheckFacts): ComposedMail {
  const reaches = `This is a test e-mail from Sign'Stash: mail from Sign'Stash reaches ${facts.recipient}.`;
  const choices =
    "Which mails you receive about your certificates' CA accesses (the warnings before an access expires, the notice when it expired) is set on the Settings page of the backoffice";
  return {
    subject: "Sign'Stash test e-mail",
    text: [`Hello ${facts.operatorName},`, reaches, `${choices}: ${facts.settingsUrl}`].join('\n\n') + '\n',
    html: html([
      `<p>Hello ${escapeHtml(facts.operatorName)},</p>`,
      `<p>${escapeHtml(reaches)}</p>`,
      `<p>${escapeHtml(choices)}: <a href="${escapeHtml(facts.settingsUrl)}">${escapeHtml(facts.settingsUrl)}</a>.</p>`,
    ]),
  };
}
