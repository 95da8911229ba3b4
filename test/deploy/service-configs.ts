import { loadConfig } from '@signstash/platform';
import { CertificateServiceConfig } from '../../services/certificate-service/src/certificate-service.config';
import { ClientServiceServiceConfig } from '../../services/client-service-service/src/client-service-service.config';
import { NotificationServiceConfig } from '../../services/notification-service/src/notification-service.config';
import { BackofficeGatewayConfig } from '../../services/backoffice-gateway/src/backoffice-gateway.config';

/** Each service with the config class it validates at start-up: what a deployment's env must satisfy. */
export const SERVICE_CONFIGS = [
  ['certificate-service', CertificateServiceConfig],
  ['client-service-service', ClientServiceServiceConfig],
  ['notification-service', NotificationServiceConfig],
  ['backoffice-gateway', BackofficeGatewayConfig],
] as const;

export type DeployedService = (typeof SERVICE_CONFIGS)[number][0];

/** Throws, naming the variables, if `env` does not start the service. */
export const loadServiceConfig = (name: DeployedService, env: Record<string, string>): object => {
  const schema = SERVICE_CONFIGS.find(([service]) => service === name)![1];
  return loadConfig(name, schema as new () => object, env);
};
