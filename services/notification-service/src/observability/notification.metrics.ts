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
      'Recorded mails by state (pending, sending, sent, failed)',
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
    registerMessagingMetrics(this.registry, this.kafka, this.workers);
  }
}
