import type { ProjectionStatus } from '@signstash/read-model';

/**
 * Rebuild progress on stderr: positions done of the head, events/s and ETA over a sliding window.
 * Positions, not event counts, drive the ETA: the store knows only the head position cheaply.
 * Kept rather than cli-progress (3.12.0, looked at): it would draw the same line (its noTTYOutput
 * mode also prints on a schedule), but the events/s beside a position-driven ETA would still be
 * computed here and passed in as a payload, so it would save the string formatting only, for a
 * runtime dependency in every service image (the ops CLI ships in them).
 */
export class ProgressBar {
  private readonly samples: { at: number; position: bigint; applied: number }[] = [];
  private lastLineAt = 0;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(status: ProjectionStatus, now = Date.now()): void {
    this.samples.push({ at: now, position: status.checkpoint, applied: status.applied });
    while (this.samples.length > 2 && now - this.samples[0].at > 10_000) this.samples.shift();
    const line = render(this.label, status, this.samples);
    if (this.out.isTTY) this.out.write(`\r${line.padEnd(this.out.columns ? this.out.columns - 1 : 100)}`);
    else if (now - this.lastLineAt >= 5000) {
      this.out.write(`${line}\n`);
      this.lastLineAt = now;
    }
  }

  done(message: string): void {
    this.out.write(`${this.out.isTTY ? '\r' : ''}${message}\n`);
  }
}

export function render(
  label: string,
  status: ProjectionStatus,
  samples: { at: number; position: bigint; applied: number }[],
): string {
  const head = status.head > 0n ? status.head : 1n;
  const done = status.checkpoint > head ? head : status.checkpoint;
  const ratio = Number((done * 1000n) / head) / 1000;
  const width = 24;
  const filled = Math.round(ratio * width);
  const first = samples[0];
  const last = samples[samples.length - 1];
  const seconds = first && last ? (last.at - first.at) / 1000 : 0;
  const rate = seconds > 0 ? (last.applied - first.applied) / seconds : 0;
  const positionRate = seconds > 0 ? Number(last.position - first.position) / seconds : 0;
  const eta = positionRate > 0 ? Number(status.lag) / positionRate : undefined;
  return (
    `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(1)}% ` +
    `${status.checkpoint}/${status.head} ${rate.toFixed(0)} events/s ETA ${eta === undefined ? '?' : formatSeconds(eta)} (${status.state})`
  );
}

export const formatSeconds = (seconds: number): string => {
  const s = Math.ceil(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
};
