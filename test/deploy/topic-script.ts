import { Topics, TopicSettings } from '@signstash/contracts';

/**
 * The settings each integration topic is missing in a topic-creation shell script: every topic must
 * appear on a line that also carries each of its `TopicSettings` as `--config name=value`.
 */
export function missingTopicSettings(script: string): Record<string, string[]> {
  const lines = script.split('\n');
  const missing: Record<string, string[]> = {};
  for (const key of Object.keys(Topics) as Array<keyof typeof Topics>) {
    const wanted = Object.entries(TopicSettings[key]).map(([name, value]) => `--config ${name}=${value}`);
    const creating = lines.filter((line) => line.includes(Topics[key]) && !line.trim().startsWith('#'));
    const best = creating.map((line) => wanted.filter((setting) => !line.includes(setting)));
    const gaps = best.length === 0 ? ['(not created)'] : best.reduce((a, b) => (a.length <= b.length ? a : b));
    if (gaps.length > 0) missing[Topics[key]] = gaps;
  }
  return missing;
}
