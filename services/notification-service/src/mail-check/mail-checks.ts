import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BACKOFFICE_URL, backofficeLink } from '../notifications/backoffice-url';
import { MailSender } from '../notifications/mail-sender.worker';
import { NotificationOutbox } from '../notifications/notification-outbox';
import type { NotificationDocument } from '../notifications/notification.document';
import { composeMailCheck } from './mail-check.composer';
import { MailCheckThrottle, ThrottleAnswer } from './mail-check.throttle';

export interface MailCheckRequest {
  operatorId: string;
  email: string;
  name: string;
}

export type MailCheckOutcome = { sent: NotificationDocument } | Extract<ThrottleAnswer, { allowed: false }>;

/**
 * Records the test mail an operator asked for and hands it to the sender at once, as the consumer
 * does the expiry mails: the operator waits for it with the page open. At most one per operator
 * every 30 s (MailCheckThrottle), so the endpoint cannot be used to flood an inbox.
 */
@Injectable()
export class MailChecks {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly sender: MailSender,
    private readonly throttle: MailCheckThrottle,
    @Inject(BACKOFFICE_URL) private readonly backofficeUrl: string,
  ) {}

  async send(issuerId: string, request: MailCheckRequest): Promise<MailCheckOutcome> {
    const answer = await this.throttle.claim(request.operatorId);
    if (!answer.allowed) return answer;
    const mail = await this.outbox.record(
      {
        _id: randomUUID(),
        kind: 'TestMail',
        issuerId,
        operatorId: request.operatorId,
        recipient: request.email,
        ...composeMailCheck({
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
