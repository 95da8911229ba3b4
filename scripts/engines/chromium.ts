import { existsSync } from 'node:fs';
import { installDebianPackages } from './debian-packages';
import { MissingToolError } from './processes';
import { EngineSettings } from './settings';

/** Where the browser tests find Debian's chromium (libs/testing's launchBrowser reads the same variable). */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string => env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The browser tests drive Debian's chromium (playwright's own browser download does not work
 * here): installed once with apt-get as root; as another user this fails before any test runs,
 * with the command to run.
 */
export async function provideChromium(settings: EngineSettings): Promise<void> {
  const path = chromiumPath();
  if (existsSync(path)) return;
  if (process.env.CHROMIUM_PATH) throw new MissingToolError(`CHROMIUM_PATH is set to ${path}, which does not exist`);
  await installDebianPackages(settings, ['chromium'], 'the browser tests');
  if (!existsSync(path)) throw new MissingToolError(`chromium was installed but ${path} is missing`);
}
