import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 S256: the challenge sent in the authorization URL is base64url(SHA-256(verifier)). */
export const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/** A fresh verifier (43 characters of base64url, 256 bits) and its challenge. */
export function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}
