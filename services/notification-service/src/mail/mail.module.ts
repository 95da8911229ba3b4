import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { SmtpMailer, SmtpOptions } from './smtp-mailer';

@Module({})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(SmtpMailer) private readonly mailer: SmtpMailer) {}

  static forRoot(options: SmtpOptions): DynamicModule {
    return {
      module: MailModule,
      providers: [{ provide: SmtpMailer, useValue: new SmtpMailer(options) }],
      exports: [SmtpMailer],
    };
  }

  onApplicationShutdown() {
    this.mailer.close();
  }
}
