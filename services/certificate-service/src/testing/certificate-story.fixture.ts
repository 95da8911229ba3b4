import type { RecordedEvent } from '@signstash/event-store';
import type { GivenEvent } from '@signstash/read-model/testing';
import type { CaAccess, CertificateEvent } from '../certificates/certificate.aggregate';
import { certificateStreamId } from '../certificates/certificate.stream';
import { audit, facts, inDays, now, operator, registered } from './certificate-decider.fixture';

// One certificate's whole life, as the projection specs are given it: every event type once.

export type Recorded = CertificateEvent & RecordedEvent;

const at = (days: number) => new Date(inDays(days));
const stream = certificateStreamId('cert-1');
const event = (revision: number, e: CertificateEvent): GivenEvent<Recorded> => ({
  ...e,
  streamId: stream,
  revision,
  eventId: `cert-1-${revision}`,
});

export const times = { changed: at(1), warned: at(60), deactivated: at(61), expired: at(90), renewed: at(91) };

export const story = [
  event(0, registered),
  event(1, {
    type: 'CertificateDetailsChanged',
    data: {
      ...audit(operator, times.changed),
      alias: { from: 'Main signing', to: 'Invoices' },
      description: { from: 'Used by the invoicing API', to: 'Invoices only' },
    },
  }),
  event(2, {
    type: 'AccessExpiring',
    data: {
      ...audit('system', times.warned),
      period: 1,
      thresholdDays: 30,
      daysLeft: 30,
      expiresAt: inDays(90),
      provider: 'Acme CA',
    },
  }),
  event(3, {
    type: 'CertificateStatusChanged',
    data: { ...audit(operator, times.deactivated), from: 'active', to: 'inactive', reason: 'compromised key' },
  }),
  event(4, {
    type: 'AccessExpired',
    data: { ...audit('system', times.expired), period: 1, expiresAt: inDays(90), provider: 'Acme CA' },
  }),
  event(5, {
    type: 'AccessRenewed',
    data: {
      ...audit(operator, times.renewed),
      period: 2,
      previous: registered.data.access,
      // Written before CAs were configured (a free-text provider): projections read it upcast.
      access: {
        provider: 'Other CA',
        credentialId: 'cred-2',
        grantedAt: times.renewed.toISOString(),
        expiresAt: inDays(180),
      } as unknown as CaAccess,
      wasExpired: true,
    },
  }),
];

/** The expiry delivered again after the renewal (a parked event retried late): it must change nothing. */
export const lateExpiry = story[4];

/** Another issuer's certificate, beside it. */
export const otherCertificate: GivenEvent<Recorded> = {
  type: 'CertificateRegistered',
  streamId: certificateStreamId('cert-2'),
  eventId: 'cert-2-0',
  data: { ...registered.data, certificateId: 'cert-2', issuerId: 'issuer-b', alias: 'Other' },
};

export { facts, inDays, now, operator };
