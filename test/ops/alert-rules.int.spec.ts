import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { SignstashSystem } from '../system/signstash-system';
import { metricNames } from './promql-metric-names';

const RULES = resolve(__dirname, '../../deploy/prometheus/signstash-alerts.yaml');

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}

/** The alert rules in deploy/ read only series that the four services really export. */
describe('Prometheus alert rules (deploy/prometheus, real engines)', () => {
  let system: SignstashSystem;
  const declared = new Set<string>();

  beforeAll(async () => {
    system = await SignstashSystem.start();
    for (const app of Object.values(system.apps)) {
      const response = await request(app.getHttpServer()).get('/metrics');
      expect(response.status).toBe(200);
      for (const match of response.text.matchAll(/^# TYPE (\S+)/gm)) declared.add(match[1]);
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('covers what the runbook watches, and every expression names exported metrics only', () => {
    const file = parse(readFileSync(RULES, 'utf8')) as RuleFile;
    const rules = file.groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'CertificateAccessExpiringSoon',
        'CertificateAccessExpiredWithActiveClientServices',
        'SignstashMailsFailed',
        'SignstashDeadLettersGrowing',
        'SignstashProjectionLagging',
      ]),
    );
    const unknown = rules.flatMap((rule) => {
      const names = metricNames(rule.expr);
      if (names.length === 0) return [`${rule.alert}: reads no metric`];
      return names.filter((name) => !declared.has(name)).map((name) => `${rule.alert}: ${name}`);
    });
    expect(unknown).toEqual([]);
  });

  it('passes promtool check rules', () => {
    // Installed by npm test's provisioning (Debian's prometheus package); a missing promtool fails here.
    const output = execFileSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
  });
});
