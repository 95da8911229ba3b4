import { createHash } from 'node:crypto';

/** The RFC 4122 URL namespace; any fixed UUID works as long as a caller always uses the same one. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * RFC 4122 version-5 UUID (SHA-1 of namespace + name): the same name always yields the same id, which
 * makes a retried command (e.g. the expiry scheduler firing twice) an idempotent re-append.
 */
export function nameBasedUuid(name: string, namespace: string = URL_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
