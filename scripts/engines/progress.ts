/**
 * Line-based progress: readable in a terminal and in CI logs alike. A long step prints a
 * heartbeat with its elapsed time and the tool's latest output line, so a first
 * provisioning that takes minutes never looks stuck.
 */
const HEARTBEAT_MS = 10_000;

export const say = (message: string): void => {
  process.stdout.write(`[engines] ${message}\n`);
};

export const seconds = (sinceMs: number): string => `${((Date.now() - sinceMs) / 1000).toFixed(1)}s`;

export interface Step {
  /** The tool's latest output line, shown in the next heartbeat. */
  note(line: string): void;
  done(result?: string): void;
  failed(): void;
}

export function step(label: string): Step {
  const startedAt = Date.now();
  let latest = '';
  say(`${label} …`);
  const heartbeat = setInterval(() => {
    say(`  … ${label}: ${seconds(startedAt)}${latest ? ` — ${latest.slice(0, 100)}` : ''}`);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    note: (line) => {
      if (line.trim()) latest = line.trim();
    },
    done: (result) => {
      clearInterval(heartbeat);
      say(`${label}: ${result ?? 'done'} (${seconds(startedAt)})`);
    },
    failed: () => {
      clearInterval(heartbeat);
      say(`${label}: FAILED after ${seconds(startedAt)}`);
    },
  };
}
