import { readFileSync } from 'node:fs';
import { ConfigError } from '@signstash/platform';
import type { CertificateAuthority } from './certificate-authority';
import { validateCertificateAuthority } from './certificate-authority.validator';

export const CERTIFICATE_AUTHORITIES = Symbol('CERTIFICATE_AUTHORITIES');

/** The CAs this deployment knows, as ops configured them. */
export class CertificateAuthorities {
  private readonly byId: ReadonlyMap<string, CertificateAuthority>;

  constructor(authorities: readonly CertificateAuthority[]) {
    this.byId = new Map(authorities.map((ca) => [ca.id, ca]));
  }

  list(): CertificateAuthority[] {
    return [...this.byId.values()];
  }

  get(id: string): CertificateAuthority | undefined {
    return this.byId.get(id);
  }
}

const SERVICE = 'certificate-service';

/**
 * Reads `CERTIFICATE_AUTHORITIES_FILE`, a JSON file `{ "certificateAuthorities": [ … ] }`, and the
 * client secrets from the variables it names. Any problem stops the service at start with a
 * ConfigError naming the file, the CA and the field. Without the variable no CA is configured.
 */
export function loadCertificateAuthorities(
  env: Record<string, string | undefined> = process.env,
): CertificateAuthorities {
  const file = env.CERTIFICATE_AUTHORITIES_FILE;
  if (!file) return new CertificateAuthorities([]);
  const where = `CERTIFICATE_AUTHORITIES_FILE (${file})`;
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(SERVICE, [`${where}: cannot be read as JSON: ${reason}`]);
  }
  const entries = (content as { certificateAuthorities?: unknown } | null)?.certificateAuthorities;
  if (!Array.isArray(entries)) {
    throw new ConfigError(SERVICE, [`${where}: must hold { "certificateAuthorities": [ … ] }`]);
  }
  const problems: string[] = [];
  const authorities: CertificateAuthority[] = [];
  entries.forEach((entry: unknown, index) => {
    const id = (entry as { id?: unknown } | null)?.id;
    const label = `certificate authority ${typeof id === 'string' ? `"${id}"` : `#${index + 1}`}`;
    const { ca, problems: own } = validateCertificateAuthority(entry, env);
    problems.push(...own.map((problem) => `${where}: ${label}: ${problem}`));
    if (ca && authorities.some((known) => known.id === ca.id)) {
      problems.push(`${where}: ${label}: id is used by another certificate authority`);
    } else if (ca) authorities.push(ca);
  });
  if (problems.length > 0) throw new ConfigError(SERVICE, problems);
  return new CertificateAuthorities(authorities);
}
