import 'reflect-metadata';
import { runService } from '@signstash/platform';
import { AppModule } from './app.module';
import { completeGatewayDocument, GATEWAY_NAME } from './gateway-document';
import { BackofficeGatewayConfig } from './backoffice-gateway.config';
import { gatewayHeaders, serveWebUi } from './web/web-ui';

void runService({
  name: GATEWAY_NAME,
  config: BackofficeGatewayConfig,
  module: (config) => AppModule.forRoot(config),
  port: (config) => config.PORT,
  securityHeaders: gatewayHeaders,
  document: completeGatewayDocument,
  configure: (app, config) => serveWebUi(app, config.WEB_DIST_DIR),
});
