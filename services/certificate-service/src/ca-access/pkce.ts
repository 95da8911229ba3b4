import { createHash, randomBytes } from 'node:crypto';

/** An OAuth `state` or PKCE code verifier: 32 random bytes, base64url (43 characters, RFC 7636's range). */
export const randomToken = () => randomBytes(32).toString('base64url');

/** The PKCE S256 challenge of a verifier (RFC 7636 §4.2). */
export const codeChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
