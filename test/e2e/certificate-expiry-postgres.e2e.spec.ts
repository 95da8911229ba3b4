import { certificateExpiryStory } from './certificate-expiry.contract';

// The same story with certificate-service and client-service-service on the PostgreSQL event store.
certificateExpiryStory('postgres');
