/** Kafka topics are versioned integration contracts; a breaking change gets a new topic. */
export const Topics = {
  certificates: 'signstash.certificates.v1',
  clientServices: 'signstash.client-services.v1',
  operators: 'signstash.operators.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export type TopicNames = { [K in keyof typeof Topics]: string };

/** The topics under an optional prefix, so environments (or test runs) sharing a cluster stay apart. */
export const topicNames = (prefix = ''): TopicNames => ({
  certificates: `${prefix}${Topics.certificates}`,
  clientServices: `${prefix}${Topics.clientServices}`,
  operators: `${prefix}${Topics.operators}`,
});

export const deadLetterTopic = (topic: string, consumerGroup: string) => `${topic}.dlq.${consumerGroup}`;
