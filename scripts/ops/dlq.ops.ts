import { DeadLetter, DeadLetterTool } from '@signstash/messaging';
import type { OpsContext } from './ops-context';

export interface ConsumerSubscription {
  group: string;
  topic: string;
}

export type ListedDeadLetter = DeadLetter & ConsumerSubscription;

/**
 * The consumer groups of the context's service and their topics, named from its CONSUMER_GROUP as
 * its module names them (keep in step with certificates.module.ts, client-services.module.ts and
 * notification-consumer.ts).
 */
export function consumerSubscriptions(
  context: Pick<OpsContext, 'service' | 'topics' | 'consumerGroup'>,
): ConsumerSubscription[] {
  const { topics } = context;
  const group = context.consumerGroup ?? context.service;
  switch (context.service) {
    case 'certificate-service':
      return [{ group, topic: topics.clientServices }];
    case 'client-service-service':
      return [{ group, topic: topics.certificates }];
    case 'notification-service':
      return [
        { group: `${group}.directory`, topic: topics.operators },
        { group: `${group}.directory`, topic: topics.clientServices },
        { group: `${group}.certificates`, topic: topics.certificates },
      ];
    default:
      throw new Error(
        `${context.service} consumes no Kafka topic: use --service client-service-service or notification-service`,
      );
  }
}

const selected = (context: OpsContext, group?: string) => {
  const subscriptions = consumerSubscriptions(context);
  const chosen = group ? subscriptions.filter((s) => s.group === group) : subscriptions;
  if (chosen.length === 0)
    throw new Error(
      `unknown consumer group "${group}" of ${context.service}; known: ${[...new Set(subscriptions.map((s) => s.group))].join(', ')}`,
    );
  return chosen;
};

async function withTool<T>(context: OpsContext, work: (tool: DeadLetterTool) => Promise<T>): Promise<T> {
  const tool = new DeadLetterTool(context.kafka, context.db);
  try {
    return await work(tool);
  } finally {
    await tool.close();
  }
}

/** Every dead letter of the service's consumer groups (one group's, if given), retried ones included. */
export function listDeadLetters(context: OpsContext, group?: string): Promise<ListedDeadLetter[]> {
  return withTool(context, async (tool) => {
    const lists = await Promise.all(
      selected(context, group).map(async (subscription) =>
        (await tool.list(subscription.topic, subscription.group)).map((letter) => ({ ...letter, ...subscription })),
      ),
    );
    return lists.flat();
  });
}

/**
 * Puts the retryable dead letters not yet retried back on their topic (only the given event ids,
 * if any); `left` counts what stays unretried: letters not selected and values that are no envelope.
 */
export function retryDeadLetters(
  context: OpsContext,
  group?: string,
  eventIds?: string[],
): Promise<(ConsumerSubscription & { retried: number; left: number })[]> {
  return withTool(context, async (tool) => {
    const results = [];
    for (const subscription of selected(context, group)) {
      results.push({ ...subscription, ...(await tool.retry(subscription.topic, subscription.group, { eventIds })) });
    }
    return results;
  });
}

const state = (letter: DeadLetter) =>
  letter.retried ? `retried ${letter.retriedAt!.toISOString()}` : letter.retryable ? 'pending' : 'not retryable';

/** One line per dead letter for the terminal; `--json` shows them whole. */
export const deadLetterRows = (letters: ListedDeadLetter[]) =>
  letters.map((letter) => ({
    group: letter.group,
    'dlq at': `${letter.partition}@${letter.offset}`,
    from: letter.cause
      ? `${letter.cause.originalTopic} ${letter.cause.originalPartition}@${letter.cause.originalOffset}`
      : letter.topic,
    event: letter.envelope
      ? `${letter.envelope.type} ${letter.envelope.eventId}`
      : `(no envelope) ${(letter.value ?? '').slice(0, 30)}`,
    attempts: letter.cause?.attempts ?? '',
    'failed at': letter.cause?.failedAt.toISOString() ?? '',
    error: (letter.cause?.error ?? '').slice(0, 100),
    state: state(letter),
  }));
