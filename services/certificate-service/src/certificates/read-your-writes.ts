import type { GlobalPosition } from '@signstash/event-store';
import type { ProjectionRunner } from '@signstash/read-model';

/**
 * After a command, waits (briefly) until the read models have applied its events, so the page the
 * operator goes back to shows the change. A slow projection only delays the answer, never fails it.
 */
export async function readYourWrites(
  runners: ProjectionRunner[],
  position: GlobalPosition | undefined,
  timeoutMs = 2000,
): Promise<void> {
  if (position === undefined) return;
  await Promise.all(runners.map((runner) => runner.waitForPosition(position, timeoutMs)));
}
