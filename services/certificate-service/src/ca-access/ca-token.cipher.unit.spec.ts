import { randomBytes } from 'node:crypto';
import { TokenCipher, tokenKeyProblem } from './ca-token.cipher';

describe('TokenCipher', () => {
  const key = randomBytes(32).toString('base64');
  const cipher = new TokenCipher(key);
  const token = 'eyJhbGciOiJSUzI1NiJ9.access-token-value';

  it('opens what it sealed, for the same record', () => {
    expect(cipher.open(cipher.seal(token, 'cert-1'), 'cert-1')).toBe(token);
  });

  it('stores nothing of the token in clear', () => {
    const sealed = cipher.seal(token, 'cert-1');
    expect(JSON.stringify(sealed)).not.toContain('access-token-value');
    expect(Buffer.from(sealed.data, 'base64').toString('utf8')).not.toContain('access-token-value');
  });

  it('seals the same token differently each time (a fresh IV)', () => {
    expect(cipher.seal(token, 'cert-1').data).not.toBe(cipher.seal(token, 'cert-1').data);
  });

  it('refuses a secret moved to another record, altered, or sealed with another key', () => {
    const sealed = cipher.seal(token, 'cert-1');
    expect(() => cipher.open(sealed, 'cert-2')).toThrow();
    const flipped = Buffer.from(sealed.data, 'base64');
    flipped[0] ^= 1;
    expect(() => cipher.open({ ...sealed, data: flipped.toString('base64') }, 'cert-1')).toThrow();
    expect(() => new TokenCipher(randomBytes(32).toString('base64')).open(sealed, 'cert-1')).toThrow();
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['not base64', 'x'.repeat(44)],
    ['empty', ''],
  ])('refuses a key %s, without repeating it', (_case, bad) => {
    expect(tokenKeyProblem(bad)).toMatch(/32 random bytes in base64/);
    expect(() => new TokenCipher(bad)).toThrow(/^CA_TOKEN_KEY must be 32 random bytes/);
    try {
      new TokenCipher(bad);
    } catch (error) {
      if (bad) expect(String(error)).not.toContain(bad);
    }
  });
});
