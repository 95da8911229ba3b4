import type { CertificateEnvelope, CertificateIntegrationEvent } from '@signstash/contracts';
import { consumerPart, topicBatchHandlers, topicHandlers, type ServiceParts } from '@signstash/messaging';
import type { CertificateViews } from './certificate-view/certificate-view';
import type { AccessExpiryReaction } from './client-services/access-expiry/access-expiry.reaction';
import { clientServiceListProjection } from './client-services/client-service-list/client-service-list.projection';
import { CLIENT_SERVICE_EVENTS } from './client-services/client-service.stream';
import { toClientServiceEnvelope } from './client-services/relay/client-service-envelope.mapper';

/** The client-service service's background parts: its module and the ops CLI read them. */
export const CLIENT_SERVICE_SERVICE_PARTS = {
  projections: [clientServiceListProjection],
  relays: [
    {
      name: 'client-services-to-kafka',
      topic: 'clientServices',
      filter: CLIENT_SERVICE_EVENTS,
      toEnvelope: toClientServiceEnvelope,
    },
  ],
  consumers: {
    /** The certificate view and the suspension of client services on an expiry. */
    certificates: consumerPart({
      groupSuffix: '',
      topics: ['certificates'],
      dispatch: ({ views, reaction }: { views: CertificateViews; reaction: AccessExpiryReaction }) => {
        const view = (envelope: CertificateEnvelope) => views.apply(envelope);
        return {
          handlers: topicHandlers<CertificateIntegrationEvent>({
            CertificateRegistered: view,
            CertificateDetailsChanged: view,
            CertificateStatusChanged: view,
            AccessRenewed: view,
            AccessExpiring: view,
            AccessExpired: async (envelope) => void (await reaction.onAccessExpired(envelope)),
          }),
          // Accesses expiring at one instant: a fetched batch of them in one go (one view write, suspensions
          // in shared group commits); a mixed batch, or one that fails, event by event above.
          batchHandlers: topicBatchHandlers<CertificateIntegrationEvent>({
            AccessExpired: (envelopes) => reaction.onAccessExpiredAll(envelopes).then(() => undefined),
          }),
          // The usage warning is the operators' (notification service); the expiry it may lead to is handled above.
          ignoreTypes: ['AccessUsageWarned'],
        };
      },
    }),
  },
} satisfies ServiceParts;
