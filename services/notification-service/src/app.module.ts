import { DynamicModule, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { Kafka } from 'kafkajs';
import { HealthModule, MONGO_DB, MongoModule, mongoProbe } from '@signstash/platform';
import { KAFKA, KafkaModule, kafkaProbe } from '@signstash/messaging';
import { NotificationServiceConfig } from './notification-service.config';
import { MailModule } from './mail/mail.module';
import { SmtpMailer } from './mail/smtp-mailer';

@Module({})
export class AppModule {
  static forRoot(config: NotificationServiceConfig): DynamicModule {
    const mail = MailModule.forRoot({ host: config.SMTP_HOST, port: config.SMTP_PORT, from: config.MAIL_FROM });
    return {
      module: AppModule,
      imports: [
        MongoModule.forRoot({ url: config.MONGO_URL, database: config.MONGO_DB }),
        KafkaModule.forRoot({ clientId: 'notification-service', brokers: config.KAFKA_BROKERS }),
        mail,
        HealthModule.forRoot({
          imports: [mail],
          inject: [MONGO_DB, KAFKA, SmtpMailer],
          probes: (db: Db, kafka: Kafka, mailer: SmtpMailer) => [mongoProbe(db), kafkaProbe(kafka), mailer.probe()],
        }),
      ],
    };
  }
}
