/** Kafka topics are versioned integration contracts; a breaking change gets a new topic. */
export const Topics = {
  certificates: 'signstash.certificates.v1',
  clientServices: 'signstash.client-services.v1',
  operators: 'signstash.operators.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const deadLetterTopic = (topic: string, consumerGroup: string) => `${topic}.dlq.${consumerGroup}`;
