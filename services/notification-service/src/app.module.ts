import { DynamicModule, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { Kafka } from 'kafkajs';
import { HealthModule, MONGO_DB, mongoProbe, WorkersModule } from '@signstash/platform';
import { ConsumerInbox, engineModules, KAFKA, kafkaConsumer, kafkaProbe, TOPICS } from '@signstash/messaging';
import type { TopicNames } from '@signstash/contracts';
import { NotificationServiceConfig } from './notification-service.config';
import { MailModule } from './mail/mail.module';
import { SmtpMailer } from './mail/smtp-mailer';
import { RecipientDirectory } from './directory/recipient-directory';
import { NotificationOutbox } from './notifications/notification-outbox';
import {
  DEFAULT_MAIL_SENDER_OPTIONS,
  MAIL_SENDER_OPTIONS,
  MailSender,
  type MailSenderOptions,
} from './notifications/mail-sender.worker';
import { BACKOFFICE_URL } from './notifications/backoffice-url';
import { ExpiryNotifier } from './notifications/expiry-notifier';
import { NotificationsController } from './notifications/notifications.http.controller';
import { MailCheckThrottle } from './mail-check/mail-check.throttle';
import { MailChecks } from './mail-check/mail-checks';
import { MailChecksController } from './mail-check/mail-checks.http.controller';
import { mailAfterDirectory } from './notifications/mail-after-directory';
import { NOTIFICATION_SERVICE_PARTS } from './notification-service.parts';
import { NotificationMetrics } from './observability/notification.metrics';

@Module({})
export class AppModule {
  static forRoot(config: NotificationServiceConfig): DynamicModule {
    const mail = MailModule.forRoot({ host: config.SMTP_HOST, port: config.SMTP_PORT, from: config.MAIL_FROM });
    const notifications: DynamicModule = {
      module: class NotificationsModule {},
      imports: [mail],
      controllers: [NotificationsController, MailChecksController],
      providers: [
        RecipientDirectory,
        NotificationOutbox,
        ExpiryNotifier,
        MailSender,
        MailCheckThrottle,
        MailChecks,
        { provide: BACKOFFICE_URL, useValue: config.BACKOFFICE_PUBLIC_URL },
        {
          provide: MAIL_SENDER_OPTIONS,
          useValue: {
            ...DEFAULT_MAIL_SENDER_OPTIONS,
            retryHorizonMs: config.MAIL_RETRY_HORIZON_SECONDS * 1000,
            initialBackoffMs: config.MAIL_INITIAL_BACKOFF_MS,
            maxBackoffMs: config.MAIL_MAX_BACKOFF_MS,
          } satisfies MailSenderOptions,
        },
      ],
      exports: [RecipientDirectory, ExpiryNotifier, MailSender, NotificationOutbox],
    };
    return {
      module: AppModule,
      imports: [
        ...engineModules('notification-service', config),
        mail,
        notifications,
        WorkersModule.register({
          imports: [notifications],
          inject: [KAFKA, MONGO_DB, RecipientDirectory, ExpiryNotifier, MailSender, TOPICS],
          useFactory: (
            kafka: Kafka,
            db: Db,
            directory: RecipientDirectory,
            notifier: ExpiryNotifier,
            sender: MailSender,
            topics: TopicNames,
          ) => {
            const { consumers } = NOTIFICATION_SERVICE_PARTS;
            const engines = { kafka, inbox: new ConsumerInbox(db), topics, serviceGroup: config.CONSUMER_GROUP };
            const directoryConsumer = kafkaConsumer(consumers.directory, { directory }, engines);
            const mail = mailAfterDirectory(directoryConsumer, sender);
            return [
              // The sender first: it is stopped after the consumers, which hand it the mails they record.
              sender,
              directoryConsumer,
              kafkaConsumer(consumers.certificates, { directory, notifier, mail }, engines),
            ];
          },
        }),
        HealthModule.forRoot({
          imports: [mail],
          inject: [MONGO_DB, KAFKA, SmtpMailer],
          probes: (db: Db, kafka: Kafka, mailer: SmtpMailer) => [mongoProbe(db), kafkaProbe(kafka), mailer.probe()],
        }),
      ],
      providers: [NotificationMetrics],
    };
  }
}
