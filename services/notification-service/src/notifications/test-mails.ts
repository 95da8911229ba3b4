import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BACKOFFICE_URL, backofficeLink } from './backoffice-url';
import { MailSender } from './mail-sender.worker';
import { NotificationOutbox } from './notification-outbox';
import type { NotificationDocument } from './notification.document';
import { composeTestMail } from './test-mail.composer';
import { TestMailThrottle, ThrottleAnswer } from './test-mail.throttle';

export interface TestMailRequest {
  operatorId: string;
  email: string;
  name: string;
}

export type TestMailOutcome = { sent: NotificationDocument } | Extract<ThrottleAnswer, { allowed: false }>;

/**
 * Records the test mail an operator asked for and hands it to the sender at once, as the consumer
 * does the expiry mails: the operator waits for it with the page open. At most one per operator
 * every 30 s (TestMailThrottle), so the endpoint cannot be used to flood an inbox.
 */
@Injectable()
export class TestMails {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly sender: MailSender,
    private readonly throttle: TestMailThrottle,
    @Inject(BACKOFFICE_URL) private readonly backofficeUrl: string,
  ) {}

  async send(issuerId: string, request: TestMailRequest): Promise<TestMailOutcome> {
    const answer = await this.throttle.claim(request.operatorId);
    if (!answer.allowed) return answer;
    const mail = await this.outbox.record(
      {
        _id: randomUUID(),
        kind: 'TestMail',
        issuerId,
        operatorId: request.operatorId,
        recipient: request.email,
        ...composeTestMail({
          operatorName: request.name,
          recipient: request.email,
          settingsUrl: backofficeLink(this.backofficeUrl, '/settings'),
        }),
      },
      { leaseUntil: this.sender.leaseForHandOff() },
    );
    // A fresh uuid is never a duplicate: record gives the mail back.
    this.sender.handOff([mail!]);
    return { sent: mail! };
  }
}
