import { composeMailCheck } from './mail-check.composer';

describe('test mail', () => {
  it('says the address is reached and where the mails received are chosen, escaped in HTML', () => {
    const mail = composeMailCheck({
      operatorName: 'Ana <admin>',
      recipient: 'ana@acme.example',
      settingsUrl: 'http://localhost:3000/settings',
    });
    expect(mail.subject).toBe("Sign'Stash test e-mail");
    expect(mail.text).toContain("Hello Ana <admin>,\n\nThis is a test e-mail from Sign'Stash");
    expect(mail.text).toContain("mail from Sign'Stash reaches ana@acme.example.");
    expect(mail.text).toContain('is set on the Settings page of the backoffice: http://localhost:3000/settings');
    expect(mail.html).toContain('<p>Hello Ana &lt;admin&gt;,</p>');
    expect(mail.html).toContain('<a href="http://localhost:3000/settings">');
  });
});
