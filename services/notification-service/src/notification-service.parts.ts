import type {
  CertificateEnvelope,
  CertificateIntegrationEvent,
  ClientServiceIntegrationEvent,
  OperatorIntegrationEvent,
} from '@signstash/contracts';
import { consumerPart, topicHandlers, type ServiceParts } from '@signstash/messaging';
import type { RecipientDirectory } from './directory/recipient-directory';
import type { ExpiryNotifier } from './notifications/expiry-notifier';
import type { MailAfterDirectory } from './notifications/mail-after-directory';

/** The notification service's consumers (the mail sender besides): its module and the ops CLI read them. */
export const NOTIFICATION_SERVICE_PARTS = {
  projections: [],
  relays: [],
  consumers: {
    /** Operators and client services, for the recipients and the client services named in a mail. */
    directory: consumerPart({
      groupSuffix: '.directory',
      topics: ['operators', 'clientServices'],
      dispatch: ({ directory }: { directory: RecipientDirectory }) => {
        const operator = directory.applyOperatorEvent.bind(directory);
        const clientService = directory.applyClientServiceEvent.bind(directory);
        return {
          handlers: topicHandlers<OperatorIntegrationEvent | ClientServiceIntegrationEvent>({
            OperatorCreated: operator,
            OperatorChanged: operator,
            OperatorRemoved: operator,
            ClientServiceRegistered: clientService,
            ClientServiceSuspended: clientService,
            ClientServiceActivated: clientService,
            ClientServiceDeactivated: clientService,
          }),
        };
      },
    }),
    /**
     * Certificates: their aliases for the directory, and the expiries to mail about, each once the
     * directory has caught up (`mail`, see mail-after-directory.ts).
     */
    certificates: consumerPart({
      groupSuffix: '.certificates',
      topics: ['certificates'],
      dispatch: ({ directory, notifier, mail }: CertificateConsumerObjects) => {
        const certificate = (envelope: CertificateEnvelope) => directory.applyCertificateEvent(envelope);
        return {
          handlers: topicHandlers<CertificateIntegrationEvent>({
            CertificateRegistered: certificate,
            CertificateDetailsChanged: certificate,
            AccessExpiring: mail((envelope, leaseUntil) => notifier.onAccessExpiring(envelope, leaseUntil)),
            AccessExpired: mail((envelope, leaseUntil) => notifier.onAccessExpired(envelope, leaseUntil)),
            AccessUsageWarned: mail((envelope, leaseUntil) => notifier.onAccessUsageWarned(envelope, leaseUntil)),
            AccessRenewed: async (envelope) => void (await notifier.onAccessRenewed(envelope)),
          }),
          ignoreTypes: ['CertificateStatusChanged'],
        };
      },
    }),
  },
} satisfies ServiceParts;

interface CertificateConsumerObjects {
  directory: RecipientDirectory;
  notifier: ExpiryNotifier;
  mail: MailAfterDirectory;
}
