import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { say } from './progress';
import { isAlive } from './processes';

const holder = (path: string): number | undefined => {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Serialises provisioning and engine start-up between processes sharing a cache or run
 * folder (two terminals, a test run beside `npm start`). A lock whose holder died is taken over.
 */
export async function withFileLock<T>(path: string, what: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = holder(path);
      // An empty file is a lock being written right now, unless it has stayed empty for a while.
      const stale =
        pid === undefined
          ? Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 10_000
          : !isAlive(pid);
      if (stale) {
        rmSync(path, { force: true });
        continue;
      }
      if (!announced) say(`waiting for another ${what} (pid ${pid}) to finish …`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    if (holder(path) === process.pid) rmSync(path, { force: true });
  }
}
