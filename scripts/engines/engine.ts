import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One real engine run as a local process: provisioned into the cache, run from the run dir. */
export interface Engine {
  readonly name: 'kafka' | 'postgres' | 'ferretdb' | 'mailpit' | 'csc' | 'oauth';
  /** Engines that must be ready before this one starts (and that stop after it). */
  readonly needs?: readonly Engine[];
  readonly version: string;
  /** Ports it listens on, keyed by the env variable that moves them. */
  readonly ports: Record<string, number>;
  /** Builds or downloads into the version-keyed cache folder; a no-op when already done. */
  provision(): Promise<void>;
  isProvisioned(): boolean;
  /** Spawns it detached with a pid file; does not wait for readiness. */
  start(): Promise<void>;
  /** After a fresh start: makes it create its lazy internals now rather than in the first test. */
  warmUp?(): Promise<void>;
  /** Its ports answer and the thing answering really is this engine. */
  isReady(): Promise<boolean>;
  /** Pid of the process this checkout started (pid file), if it still runs. */
  ownPid(): number | undefined;
  /** Stops the process this checkout started; false when there was none. */
  stop(): Promise<boolean>;
  readonly logFile: string;
}

/**
 * A provisioned cache folder carries a stamp naming exactly what was built (version,
 * flags, dependency list): an interrupted or differently-built folder is redone.
 */
export const stamp = {
  matches: (dir: string, recipe: string) =>
    existsSync(join(dir, '.provisioned')) && readFileSync(join(dir, '.provisioned'), 'utf8') === recipe,
  write: (dir: string, recipe: string) => writeFileSync(join(dir, '.provisioned'), recipe),
};
