import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@signstash/platform';
import { REGULATORY_ACCESS_RULES } from '@signstash/contracts';
import { loadCertificateAuthorities } from './certificate-authorities.config';

const dir = mkdtempSync(join(tmpdir(), 'certificate-authorities-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const entry = (overrides: Record<string, unknown> = {}) => ({
  id: 'acme-ca',
  name: 'ACME Trust Services',
  csc: { baseUrl: 'https://csc.acme.example', version: 'auto' },
  oauth: {
    authorizeUrl: 'https://login.acme.example/oauth2/authorize',
    tokenUrl: 'https://login.acme.example/oauth2/token',
    clientId: 'signstash',
    clientSecretEnv: 'ACME_CA_CLIENT_SECRET',
    scope: 'service',
  },
  ...overrides,
});
let files = 0;
const fileWith = (content: unknown) => {
  const file = join(dir, `cas-${++files}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const load = (content: unknown, env: Record<string, string> = { ACME_CA_CLIENT_SECRET: 's3cret' }) =>
  loadCertificateAuthorities({ CERTIFICATE_AUTHORITIES_FILE: fileWith(content), ...env });
const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('loadCertificateAuthorities', () => {
  it('reads each CA, its client secret from the variable the file names, and the regulatory rules by default', () => {
    const authorities = load({ certificateAuthorities: [entry()] });
    expect(authorities.list().map((ca) => ca.id)).toEqual(['acme-ca']);
    expect(authorities.get('acme-ca')).toEqual({
      id: 'acme-ca',
      name: 'ACME Trust Services',
      csc: { baseUrl: 'https://csc.acme.example', version: 'auto' },
      oauth: {
        authorizeUrl: 'https://login.acme.example/oauth2/authorize',
        tokenUrl: 'https://login.acme.example/oauth2/token',
        clientId: 'signstash',
        clientSecret: 's3cret',
        scope: 'service',
      },
      rules: REGULATORY_ACCESS_RULES,
    });
    expect(authorities.get('other')).toBeUndefined();
  });

  it("keeps a CA's own rules", () => {
    const rules = { periodDays: 30, signatureLimit: 1000, usageWarningRatio: 0.8 };
    expect(load({ certificateAuthorities: [entry({ rules })] }).get('acme-ca')!.rules).toEqual(rules);
  });

  it('configures no CA without CERTIFICATE_AUTHORITIES_FILE', () => {
    expect(loadCertificateAuthorities({}).list()).toEqual([]);
  });

  it('names the file, the CA and the field of every problem', () => {
    const bad = entry({
      csc: { baseUrl: 'ftp://csc.acme.example', version: 'v3' },
      rules: { periodDays: 0, usageWarningRatio: 1.5 },
    });
    const problems = problemsOf(() => load({ certificateAuthorities: [bad] }));
    const where = `CERTIFICATE_AUTHORITIES_FILE (${join(dir, `cas-${files}.json`)}): certificate authority "acme-ca"`;
    expect(problems).toEqual([
      `${where}: csc.baseUrl must be an http(s) URL (got "ftp://csc.acme.example")`,
      `${where}: csc.version must be one of auto, v1, v2 (got "v3")`,
      `${where}: rules.periodDays must be a whole number of at least 1 (got 0)`,
      `${where}: rules.usageWarningRatio must be a number between 0 and 1, exclusive (got 1.5)`,
    ]);
  });

  it('refuses a client secret written in the file, and a secret variable that is not set', () => {
    const inFile = entry();
    (inFile.oauth as Record<string, unknown>).clientSecret = 'plain';
    expect(problemsOf(() => load({ certificateAuthorities: [inFile] }))).toEqual([
      expect.stringMatching(/"acme-ca": oauth\.clientSecret must not be written in the file/),
    ]);
    expect(problemsOf(() => load({ certificateAuthorities: [entry()] }, {}))).toEqual([
      expect.stringMatching(
        /"acme-ca": oauth\.clientSecretEnv: the environment variable ACME_CA_CLIENT_SECRET is not set/,
      ),
    ]);
  });

  it('names a CA without a usable id by its position, and refuses a duplicate id', () => {
    const problems = problemsOf(() =>
      load({ certificateAuthorities: [entry(), entry({ id: 'Bad Id', oauth: undefined }), entry()] }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/certificate authority "Bad Id": id must be lower-case letters/),
      expect.stringMatching(/certificate authority "Bad Id": oauth must be an object \(missing\)/),
      expect.stringMatching(/certificate authority "Bad Id": oauth\.authorizeUrl must be an http\(s\) URL \(missing\)/),
      expect.stringMatching(/oauth\.tokenUrl/),
      expect.stringMatching(/oauth\.clientId/),
      expect.stringMatching(/oauth\.scope/),
      expect.stringMatching(/oauth\.clientSecretEnv must name an environment variable/),
      expect.stringMatching(/certificate authority "acme-ca": id is used by another certificate authority/),
    ]);
    expect(problemsOf(() => load({ certificateAuthorities: ['not an object'] }))).toEqual([
      expect.stringMatching(/certificate authority #1: must be an object/),
    ]);
  });

  it('says what is wrong with the file itself', () => {
    expect(problemsOf(() => load('{ not json'))).toEqual([expect.stringMatching(/cannot be read as JSON/)]);
    expect(problemsOf(() => load([entry()]))).toEqual([
      expect.stringMatching(/must hold \{ "certificateAuthorities": \[ … \] \}/),
    ]);
    expect(
      problemsOf(() => loadCertificateAuthorities({ CERTIFICATE_AUTHORITIES_FILE: join(dir, 'missing.json') })),
    ).toEqual([expect.stringMatching(/missing\.json\): cannot be read as JSON: no such file/)]);
  });
});
