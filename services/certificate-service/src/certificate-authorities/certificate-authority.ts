import type { AccessRules } from '@signstash/contracts';

/** Which CSC API the CA speaks: `auto` asks its `info` and speaks v2 where it is announced. */
export type CscVersion = 'auto' | 'v1' | 'v2';

/**
 * A certificate authority Sign'Stash can be granted access at (system configuration, set by ops):
 * its CSC API, its OAuth 2.0 authorization server and the regulator's rules on the access.
 */
export interface CertificateAuthority {
  /** Stable id recorded with each access, e.g. 'local-test-ca'. */
  id: string;
  /** Shown to operators, e.g. 'Local test CA'. */
  name: string;
  /** `baseUrl` is what precedes `/csc/v1/...` or `/csc/v2/...`. */
  csc: { baseUrl: string; version: CscVersion };
  /** The client secret is read from the environment variable the configuration names, never from a file. */
  oauth: { authorizeUrl: string; tokenUrl: string; clientId: string; clientSecret: string; scope: string };
  rules: AccessRules;
}
