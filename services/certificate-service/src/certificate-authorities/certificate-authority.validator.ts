import { REGULATORY_ACCESS_RULES } from '@signstash/contracts';
import type { AccessRules } from '@signstash/contracts';
import type { CertificateAuthority, CscVersion } from './certificate-authority';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isHttpUrl = (value: unknown) => {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};
const shown = (value: unknown) => (value === undefined ? 'missing' : `got ${JSON.stringify(value)}`);

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const VERSIONS: readonly CscVersion[] = ['auto', 'v1', 'v2'];

/**
 * One CA entry of the configuration file, checked field by field: every problem is collected as
 * `<field> <what is wrong>` so ops see them all at once. The client secret is read from the
 * environment variable the entry names (`oauth.clientSecretEnv`); a secret in the file is refused.
 */
export function validateCertificateAuthority(
  entry: unknown,
  env: Record<string, string | undefined>,
): { ca?: CertificateAuthority; problems: string[] } {
  if (!isObject(entry)) return { problems: [`must be an object (${shown(entry)})`] };
  const problems: string[] = [];
  const text = (path: string, value: unknown, max = 200): string => {
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      problems.push(`${path} must be a non-empty text of at most ${max} characters (${shown(value)})`);
      return '';
    }
    return value.trim();
  };
  const url = (path: string, value: unknown): string => {
    if (!isHttpUrl(value)) problems.push(`${path} must be an http(s) URL (${shown(value)})`);
    return String(value);
  };

  if (typeof entry.id !== 'string' || !ID.test(entry.id)) {
    problems.push(
      `id must be lower-case letters, digits and '-', starting with a letter or digit (${shown(entry.id)})`,
    );
  }
  const name = text('name', entry.name, 100);
  const csc = isObject(entry.csc) ? entry.csc : {};
  if (!isObject(entry.csc)) problems.push(`csc must be an object with baseUrl and version (${shown(entry.csc)})`);
  const baseUrl = url('csc.baseUrl', csc.baseUrl);
  const version = (csc.version ?? 'auto') as CscVersion;
  if (!VERSIONS.includes(version))
    problems.push(`csc.version must be one of ${VERSIONS.join(', ')} (${shown(csc.version)})`);

  const oauth = isObject(entry.oauth) ? entry.oauth : {};
  if (!isObject(entry.oauth)) problems.push(`oauth must be an object (${shown(entry.oauth)})`);
  const authorizeUrl = url('oauth.authorizeUrl', oauth.authorizeUrl);
  const tokenUrl = url('oauth.tokenUrl', oauth.tokenUrl);
  const clientId = text('oauth.clientId', oauth.clientId);
  const scope = text('oauth.scope', oauth.scope);
  let clientSecret = '';
  if ('clientSecret' in oauth) {
    problems.push(
      'oauth.clientSecret must not be written in the file: name the variable that holds it in oauth.clientSecretEnv',
    );
  }
  if (typeof oauth.clientSecretEnv !== 'string' || !ENV_NAME.test(oauth.clientSecretEnv)) {
    problems.push(`oauth.clientSecretEnv must name an environment variable (${shown(oauth.clientSecretEnv)})`);
  } else if (!env[oauth.clientSecretEnv]) {
    problems.push(`oauth.clientSecretEnv: the environment variable ${oauth.clientSecretEnv} is not set`);
  } else {
    clientSecret = env[oauth.clientSecretEnv]!;
  }

  const rules = validateRules(entry.rules, problems);
  if (problems.length > 0) return { problems };
  return {
    ca: {
      id: entry.id as string,
      name,
      csc: { baseUrl, version },
      oauth: { authorizeUrl, tokenUrl, clientId, clientSecret, scope },
      rules,
    },
    problems,
  };
}

/** The regulator's figures unless the CA's entry states its own. */
function validateRules(value: unknown, problems: string[]): AccessRules {
  if (value === undefined) return { ...REGULATORY_ACCESS_RULES };
  if (!isObject(value)) {
    problems.push(`rules must be an object (${shown(value)})`);
    return { ...REGULATORY_ACCESS_RULES };
  }
  const rules = { ...REGULATORY_ACCESS_RULES, ...value } as Record<keyof AccessRules, unknown>;
  for (const field of ['periodDays', 'signatureLimit'] as const) {
    if (!Number.isSafeInteger(rules[field]) || (rules[field] as number) < 1) {
      problems.push(`rules.${field} must be a whole number of at least 1 (${shown(rules[field])})`);
    }
  }
  const ratio = rules.usageWarningRatio;
  if (typeof ratio !== 'number' || !(ratio > 0 && ratio < 1)) {
    problems.push(`rules.usageWarningRatio must be a number between 0 and 1, exclusive (${shown(ratio)})`);
  }
  return rules as AccessRules;
}
