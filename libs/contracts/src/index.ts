export { Topics, Topic, TopicNames, topicNames, TopicSettings, deadLetterTopic } from './topics';
export { IntegrationEnvelope, EnvelopeOf, HEADER_EVENT_ID, HEADER_EVENT_TYPE, HEADER_CORRELATION_ID } from './envelope';
export {
  OperatorRole,
  OperatorSnapshot,
  OperatorIntegrationEvent,
  OperatorEnvelope,
  MailChoices,
  mailChoicesOf,
} from './operator-events';
export {
  CertificateIntegrationEvent,
  CertificateEventType,
  CertificateEnvelope,
  PublishedCaAccess,
} from './certificate-events';
export {
  ClientServiceIntegrationEvent,
  ClientServiceEnvelope,
  ClientServiceStatus,
  PublishedSuspension,
} from './client-service-events';
export { DomainError, DomainErrorKind, invalid, ruleBroken, notFound, conflict } from './domain-error';
export { Issued } from './issued';
export { duration, plural, MINUTE_MS, HOUR_MS, DAY_MS } from './time-words';
export { AccessRules, REGULATORY_ACCESS_RULES } from './access-rules';
export {
  SignatureIntegrationEvent,
  SignatureEnvelope,
  SIGNATURE_EVENTS_SCHEMA_VERSION,
  signatureReportEnvelope,
} from './signature-events';
