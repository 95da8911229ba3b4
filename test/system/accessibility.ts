import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle, read once: it is evaluated in the page, not loaded by a script tag the CSP would refuse. */
let axeSource: string | undefined;

/** The impacts a page state may not have: the backoffice allows only "minor" findings. */
const FAILING_IMPACTS = new Set(['critical', 'serious', 'moderate']);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules plus its best practices) on the page as it stands and
 * fails with every critical, serious or moderate violation, naming the rule, the elements and why.
 * Call it on each state a browser test visits (a page, an open form or dialog, an error shown).
 */
export async function expectAccessible(page: Page, state = new URL(page.url()).pathname): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<unknown> } }).axe;
    const results = (await axe.run({ resultTypes: ['violations'] })) as { violations: AxeViolation[] };
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  });
  const failing = violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''));
  if (failing.length === 0) return;
  const lines = failing.flatMap((violation) => [
    `${violation.impact} ${violation.id}: ${violation.help}`,
    ...violation.nodes.map(
      (node) => `  ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`,
    ),
  ]);
  throw new Error(`axe-core found ${failing.length} violation(s) on ${state}:\n${lines.join('\n')}`);
}
