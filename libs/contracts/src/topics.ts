/** Kafka topics are versioned integration contracts; a breaking change gets a new topic. */
export const Topics = {
  certificates: 'signstash.certificates.v1',
  clientServices: 'signstash.client-services.v1',
  operators: 'signstash.operators.v1',
  signatures: 'signstash.signatures.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export type TopicNames = { [K in keyof typeof Topics]: string };

/** The topics under an optional prefix, so environments (or test runs) sharing a cluster stay apart. */
export const topicNames = (prefix = ''): TopicNames => ({
  certificates: `${prefix}${Topics.certificates}`,
  clientServices: `${prefix}${Topics.clientServices}`,
  operators: `${prefix}${Topics.operators}`,
  signatures: `${prefix}${Topics.signatures}`,
});

/**
 * Topic-level settings every environment creates the integration topics with (npm start, the tests,
 * docker-compose.yml and deploy/k8s, checked by test/deploy). The operators topic is compacted: the
 * gateway's directory is not event-sourced, so the latest event of each operator (a full snapshot,
 * keyed by operator id) must outlive retention for a new consumer group or a restored database to
 * learn every operator from the topic.
 */
export const TopicSettings: { [K in keyof typeof Topics]: Record<string, string> } = {
  certificates: {},
  clientServices: {},
  operators: { 'cleanup.policy': 'compact' },
  signatures: {},
};

export const deadLetterTopic = (topic: string, consumerGroup: string) => `${topic}.dlq.${consumerGroup}`;
