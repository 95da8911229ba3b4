/** A mail as composed, before it is recorded: its subject and its plain-text and HTML parts. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

/** For the HTML part: every value from outside (names, aliases, URLs) goes through it. */
export const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The HTML part around its paragraphs. */
export const html = (paragraphs: string[]) =>
  `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">${paragraphs.join('')}</body></html>`;
