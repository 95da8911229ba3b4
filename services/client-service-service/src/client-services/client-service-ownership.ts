import { EVENT_STORE, EventStore, StreamOwnership } from '@signstash/event-store';
import { IssuerScoped } from '@signstash/platform';
import { CertificateViews } from '../certificate-view/certificate-view';
import { clientServiceStreamId } from './client-service.stream';

const CLIENT_SERVICE_OWNERSHIP = Symbol('CLIENT_SERVICE_OWNERSHIP');
const CERTIFICATE_OWNERSHIP = Symbol('CERTIFICATE_OWNERSHIP');

export const ownershipProviders = [
  {
    provide: CLIENT_SERVICE_OWNERSHIP,
    inject: [EVENT_STORE],
    useFactory: (store: EventStore) => new StreamOwnership(store, clientServiceStreamId),
  },
  { provide: CERTIFICATE_OWNERSHIP, useExisting: CertificateViews },
];

/** Another issuer's client service, or none: 404 before the body or the id's shape is looked at. */
export const OwnClientService = () =>
  IssuerScoped({ param: 'id', ownership: CLIENT_SERVICE_OWNERSHIP, noun: 'client service' });

/** A certificate this service has not heard of for the issuer: 404. */
export const OwnCertificate = () =>
  IssuerScoped({ param: 'certificateId', ownership: CERTIFICATE_OWNERSHIP, noun: 'certificate' });
