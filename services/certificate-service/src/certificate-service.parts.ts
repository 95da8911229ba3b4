import type { ClientServiceIntegrationEvent, SignatureIntegrationEvent } from '@signstash/contracts';
import { consumerPart, topicBatchHandlers, topicHandlers, type ServiceParts } from '@signstash/messaging';
import type { ClientServiceEffects } from './certificates/client-service-effects/client-service-effects';
import type { SignatureUsage } from './certificates/signature-usage/signature-usage';
import { certificateListProjection } from './certificates/certificate-list/certificate-list.projection';
import { certificateDetailProjection } from './certificates/certificate-detail/certificate-detail.projection';
import { certificateHistoryProjection } from './certificates/certificate-history/certificate-history.projection';
import { CERTIFICATE_EVENTS } from './certificates/certificate.stream';
import { warningThresholdsProjection } from './certificates/warning-thresholds/warning-thresholds.projection';
import { toCertificateEnvelope } from './certificates/relay/certificate-envelope.mapper';

/** The certificate service's background parts (besides the expiry scheduler): its module and the ops CLI read them. */
export const CERTIFICATE_SERVICE_PARTS = {
  projections: [
    certificateListProjection,
    certificateDetailProjection,
    certificateHistoryProjection,
    warningThresholdsProjection,
  ],
  relays: [
    {
      name: 'certificates-to-kafka',
      topic: 'certificates',
      filter: CERTIFICATE_EVENTS,
      toEnvelope: toCertificateEnvelope,
    },
  ],
  consumers: {
    /** Client-service events, for the certificates' history (what happened to their client services). */
    clientServices: consumerPart({
      groupSuffix: '',
      topics: ['clientServices'],
      dispatch: ({ effects }: { effects: ClientServiceEffects }) => ({
        // The suspensions of accesses expiring together: a fetched batch in one write, not an inbox look-up,
        // a write and an inbox entry each (3,000 FerretDB round trips competing with the expiry mails).
        batchHandlers: topicBatchHandlers<ClientServiceIntegrationEvent>({
          ClientServiceSuspended: (envelopes) => effects.applyAll(envelopes),
        }),
        handlers: topicHandlers<ClientServiceIntegrationEvent>({
          ClientServiceRegistered: (envelope) => effects.apply(envelope),
          ClientServiceSuspended: (envelope) => effects.apply(envelope),
          ClientServiceActivated: (envelope) => effects.apply(envelope),
          ClientServiceDeactivated: (envelope) => effects.apply(envelope),
        }),
      }),
    }),
    /** The signing side's usage reports, counted against each access's signature limit. */
    signatures: consumerPart({
      groupSuffix: '.signatures',
      topics: ['signatures'],
      dispatch: ({ usage }: { usage: SignatureUsage }) => ({
        // The partitions may have moved: totals of periods another member counted meanwhile are stale.
        onGroupJoin: () => usage.forgetTotals(),
        // Kafka's pace: a partition's next batch is fetched while its reports are counted.
        fetchAhead: true,
        // A fetched batch in one count (Kafka's pace); report by report when it fails (retries, dead letters).
        batchHandlers: topicBatchHandlers<SignatureIntegrationEvent>({
          SignaturesApplied: (envelopes) => usage.applyAll(envelopes),
        }),
        handlers: topicHandlers<SignatureIntegrationEvent>({
          SignaturesApplied: (envelope) => usage.apply(envelope),
        }),
      }),
    }),
  },
} satisfies ServiceParts;
