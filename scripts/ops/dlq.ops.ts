import { DeadLetter, DeadLetterTool } from '@signstash/messaging';
import type { TopicNames } from '@signstash/contracts';
import type { OpsContext } from './ops-context';

export interface ConsumerSubscription {
  group: string;
  topic: string;
}

/** The consumer groups and their topics, as the services name them (from their CONSUMER_GROUP). */
export function consumerSubscriptions(topics: TopicNames, groups: { clientServices?: string; notifications?: string } = {}): ConsumerSubscription[] {
  const clientServices = groups.clientServices ?? 'client-service-service';
  const notifications = groups.notifications ?? 'notification-service';
  return [
    { group: clientServices, topic: topics.certificates },
    { group: `${notifications}.directory`, topic: topics.operators },
    { group: `${notifications}.directory`, topic: topics.clientServices },
    { group: `${notifications}.certificates`, topic: topics.certificates },
  ];
}

const selected = (subscriptions: ConsumerSubscription[], group?: string) => {
  const chosen = group ? subscriptions.filter((s) => s.group === group) : subscriptions;
  if (chosen.length === 0) throw new Error(`unknown consumer group "${group}"; known: ${[...new Set(subscriptions.map((s) => s.group))].join(', ')}`);
  return chosen;
};

export async function listDeadLetters(context: OpsContext, subscriptions: ConsumerSubscription[], group?: string): Promise<(DeadLetter & ConsumerSubscription)[]> {
  const tool = new DeadLetterTool(context.kafka);
  try {
    const found: (DeadLetter & ConsumerSubscription)[] = [];
    for (const subscription of selected(subscriptions, group)) {
      for (const letter of await tool.list(subscription.topic, subscription.group)) found.push({ ...letter, ...subscription });
    }
    return found;
  } finally {
    await tool.close();
  }
}

/** Puts the dead letters not yet retried back on their topic (only the given event ids, if any). */
export async function retryDeadLetters(context: OpsContext, subscriptions: ConsumerSubscription[], group?: string, eventIds?: string[]): Promise<{ group: string; topic: string; retried: number }[]> {
  const tool = new DeadLetterTool(context.kafka);
  try {
    const results = [];
    for (const subscription of selected(subscriptions, group)) {
      results.push({ ...subscription, retried: await tool.retry(subscription.topic, subscription.group, { eventIds }) });
    }
    return results;
  } finally {
    await tool.close();
  }
}
