export { Topics, Topic, deadLetterTopic } from './topics';
export { IntegrationEnvelope, HEADER_EVENT_ID, HEADER_EVENT_TYPE, HEADER_CORRELATION_ID } from './envelope';
