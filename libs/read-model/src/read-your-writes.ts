import type { GlobalPosition } from '@signstash/event-store';
import type { ProjectionRunner } from './projection-runner';

/**
 * After a command, waits (briefly) until the read models have applied its events, so the page the
 * operator goes back to shows the change. A slow projection only delays the answer, never fails it.
 * Only the projections that read the command's stream category are waited for: one that never sees
 * these events (an issuer's thresholds) would never reach their position, and would cost each
 * command the whole timeout.
 */
export async function readYourWrites(
  runners: readonly ProjectionRunner[],
  position: GlobalPosition | undefined,
  streamCategory: string,
  timeoutMs = 2000,
): Promise<void> {
  if (position === undefined) return;
  const reading = runners.filter((runner) => {
    const categories = runner.projection.filter.streamCategories ?? [];
    return categories.length === 0 || categories.includes(streamCategory);
  });
  await Promise.all(reading.map((runner) => runner.waitForPosition(position, timeoutMs)));
}
