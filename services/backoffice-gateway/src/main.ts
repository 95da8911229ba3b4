import 'reflect-metadata';
import { runService } from '@signstash/platform';
import { API_DTOS, describeValidation } from '@signstash/api';
import { AppModule } from './app.module';
import { BackofficeGatewayConfig } from './backoffice-gateway.config';
import { gatewayHeaders, serveWebUi } from './web/web-ui';

void runService({
  name: 'backoffice-gateway',
  config: BackofficeGatewayConfig,
  module: (config) => AppModule.forRoot(config),
  port: (config) => config.PORT,
  securityHeaders: gatewayHeaders,
  document: (document) => describeValidation(document, API_DTOS),
  configure: (app, config) => serveWebUi(app, config.WEB_DIST_DIR),
});
