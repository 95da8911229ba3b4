import { EVENT_STORE, EventStore, StreamOwnership } from '@signstash/event-store';
import { IssuerScoped } from '@signstash/platform';
import { certificateStreamId } from './certificate.stream';

export const CERTIFICATE_OWNERSHIP = Symbol('CERTIFICATE_OWNERSHIP');

export const certificateOwnership = {
  provide: CERTIFICATE_OWNERSHIP,
  inject: [EVENT_STORE],
  useFactory: (store: EventStore) => new StreamOwnership(store, certificateStreamId),
};

/** Another issuer's certificate, or none: 404 before the body, If-Match or id shape is looked at. */
export const OwnCertificate = () =>
  IssuerScoped({ param: 'certificateId', ownership: CERTIFICATE_OWNERSHIP, noun: 'certificate' });
