import type {
  CertificateEnvelope,
  CertificateIntegrationEvent,
  ClientServiceIntegrationEvent,
  OperatorIntegrationEvent,
} from '@signstash/contracts';
import { consumerPart, topicBatchHandlers, topicHandlers, type ServiceParts } from '@signstash/messaging';
import type { RecipientDirectory } from './directory/recipient-directory';
import type { ExpiryNotifier } from './notifications/expiry-notifier';
import type { DirectoryRead, MailAfterDirectory } from './notifications/mail-after-directory';

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
          // A burst of suspensions (accesses expiring together): a fetched batch in one write, so the
          // expiry mails waiting for the directory are not held up by a write per suspension.
          batchHandlers: topicBatchHandlers<ClientServiceIntegrationEvent>({
            ClientServiceSuspended: (envelopes) => directory.applyClientServiceEvents(envelopes),
          }),
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
        const expired = (envelope: ExpiredEnvelope, leaseUntil: Date | undefined, read: DirectoryRead) =>
          notifier.onAccessExpired(envelope, leaseUntil, read);
        return {
          // Accesses expiring at one instant: a fetched batch of them mailed together (see MailAfterDirectory.all).
          batchHandlers: topicBatchHandlers<CertificateIntegrationEvent>({ AccessExpired: mail.all(expired) }),
          handlers: topicHandlers<CertificateIntegrationEvent>({
            CertificateRegistered: certificate,
            CertificateDetailsChanged: certificate,
            AccessExpiring: mail.each((envelope, leaseUntil, read) =>
              notifier.onAccessExpiring(envelope, leaseUntil, read),
            ),
            AccessExpired: mail.each(expired),
            AccessUsageWarned: mail.each((envelope, leaseUntil, read) =>
              notifier.onAccessUsageWarned(envelope, leaseUntil, read),
            ),
            AccessRenewed: async (envelope) => void (await notifier.onAccessRenewed(envelope)),
          }),
          ignoreTypes: ['CertificateStatusChanged'],
        };
      },
    }),
  },
} satisfies ServiceParts;

type ExpiredEnvelope = Extract<CertificateEnvelope, { type: 'AccessExpired' }>;

interface CertificateConsumerObjects {
  directory: RecipientDirectory;
  notifier: ExpiryNotifier;
  mail: MailAfterDirectory;
}
