import { signatureLimitOf } from '../certificate.rules';

/** The signatures of the current access period as the CA access card shows them. */
export interface AccessSignatures {
  used: number;
  limit: number;
  /** used / limit, 0…1 (more only if reports arrive after the access ended). */
  share: number;
  /**
   * When the limit will be reached at the rate since the grant (signatures reported over the time
   * from the grant to the last one), when that comes before the time limit; absent otherwise.
   */
  limitReachedAt?: string;
}

export function accessSignatures(
  access: { grantedAt: string; expiresAt: string; state: string; signatureLimit?: number },
  usage: { signatures: number; lastAt: Date } | undefined,
  now: Date,
): AccessSignatures {
  const limit = signatureLimitOf(access);
  const used = usage?.signatures ?? 0;
  const answer: AccessSignatures = { used, limit, share: used / limit };
  if (!usage || access.state !== 'granted' || used >= limit) return answer;
  const elapsedMs = usage.lastAt.getTime() - Date.parse(access.grantedAt);
  if (elapsedMs <= 0) return answer;
  const reachedAt = now.getTime() + ((limit - used) * elapsedMs) / used;
  if (reachedAt < Date.parse(access.expiresAt)) answer.limitReachedAt = new Date(reachedAt).toISOString();
  return answer;
}
