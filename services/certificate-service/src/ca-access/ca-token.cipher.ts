import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A secret as stored: AES-256-GCM, base64 parts; `v` names the scheme so a later one can be told apart. */
export interface SealedSecret {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;

/** Why a `CA_TOKEN_KEY` cannot be used, or undefined when it can; never repeats the key itself. */
export function tokenKeyProblem(base64Key: string): string | undefined {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== base64Key.trim()) {
    return `must be ${KEY_BYTES} random bytes in base64 (make one with: openssl rand -base64 32)`;
  }
  return undefined;
}

/**
 * Seals what Sign'Stash keeps from a CA to sign later (its tokens) before it is stored: AES-256-GCM
 * with a key from the environment. `context` (the record the secret belongs to) is authenticated
 * with it, so a sealed secret copied onto another record does not open.
 */
export class TokenCipher {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    const problem = tokenKeyProblem(base64Key);
    if (problem) throw new Error(`CA_TOKEN_KEY ${problem}`);
    this.key = Buffer.from(base64Key, 'base64');
  }

  seal(secret: string, context: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return {
      v: 1,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  /** Throws when the sealed secret was altered, sealed with another key or for another record. */
  open(sealed: SealedSecret, context: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  }
}
