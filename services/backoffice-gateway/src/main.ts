import 'reflect-metadata';
import { runService } from '@signstash/platform';
import { AppModule } from './app.module';
import { BackofficeGatewayConfig } from './backoffice-gateway.config';
import { gatewayHeaders, serveWebUi } from './web/web-ui';

void runService({
  name: 'backoffice-gateway',
  config: BackofficeGatewayConfig,
  module: (config) => AppModule.forRoot(config),
  port: (config) => config.PORT,
  securityHeaders: gatewayHeaders,
  configure: (app, config) => serveWebUi(app, config.WEB_DIST_DIR),
});
