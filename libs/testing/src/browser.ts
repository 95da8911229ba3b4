import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

// Debian's chromium: playwright's own browser download does not work on this machine (INFRA.md).
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless chromium; playwright-core gives it a fresh temporary profile. CHROMIUM_PATH overrides the binary. */
export async function launchBrowser(): Promise<Browser> {
  // Loaded on use: the development seed imports this library too, and never needs a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** Test artifacts, kept out of git (.gitignore has artifacts/). */
export const SCREENSHOT_DIR = resolve(__dirname, '../../../artifacts/screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Retries an assertion until it passes or the time runs out, then throws its last failure:
 * for what a page shows once its requests have settled.
 */
export async function eventually(
  assertion: () => Promise<void> | void,
  timeoutMs = 10_000,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
