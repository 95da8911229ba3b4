export { Topics, Topic, TopicNames, topicNames, TopicSettings, deadLetterTopic } from './topics';
export { IntegrationEnvelope, HEADER_EVENT_ID, HEADER_EVENT_TYPE, HEADER_CORRELATION_ID } from './envelope';
export { OperatorRole, OperatorSnapshot, OperatorIntegrationEvent } from './operator-events';
export { CertificateIntegrationEvent, CertificateEventType, PublishedCaAccess } from './certificate-events';
export { DomainError, DomainErrorKind, invalid, notFound, conflict } from './domain-error';
