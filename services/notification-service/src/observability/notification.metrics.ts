import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { KAFKA, registerMessagingMetrics } from '@signstash/messaging';
import { BACKGROUND_WORKERS, BackgroundWorker, gaugeFrom, METRICS_REGISTRY } from '@signstash/platform';
import { MailSender } from '../notifications/mail-sender.worker';
import { NotificationOutbox } from '../notifications/notification-outbox';

/** Mails by state and send outcomes, plus the consumer's progress, read at scrape time. */
@Injectable()
export class NotificationMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly outbox: NotificationOutbox,
    private readonly sender: MailSender,
    @Inject(BACKGROUND_WORKERS) private readonly workers: BackgroundWorker[],
  ) {}

  onModuleInit() {
    gaugeFrom(
      this.registry,
      'signstash_mails',
      'Recorded mails by state (pending, sending, sent, failed, withdrawn)',
      async () =>
        Object.entries(await this.outbox.countByStatus()).map(([status, value]) => ({ labels: { status }, value })),
      ['status'],
    );
    gaugeFrom(
      this.registry,
      'signstash_mail_send_outcomes_total',
      'Send attempts since start, by outcome (sent, retried, failed)',
      () => Object.entries(this.sender.counters).map(([outcome, value]) => ({ labels: { outcome }, value })),
      ['outcome'],
    );
    gaugeFrom(
      this.registry,
      'signstash_mails_retrying',
      'Mails SMTP refused at least once and still being retried (within their horizon)',
      async () => [{ labels: {}, value: (await this.outbox.retrying()).count }],
    );
    gaugeFrom(
      this.registry,
      'signstash_mail_oldest_retrying_seconds',
      'Age of the oldest mail still being retried (0: none): how long SMTP has kept it from its reader',
      async () => {
        const { oldestCreatedAt } = await this.outbox.retrying();
        return [{ labels: {}, value: oldestCreatedAt ? (Date.now() - oldestCreatedAt.getTime()) / 1000 : 0 }];
      },
    );
    registerMessagingMetrics(this.registry, this.kafka, this.workers);
  }
}
