import type { CaAccess, CertificateEvent } from './certificate.aggregate';

/** The CA id of accesses recorded by hand (a CA without a CSC API, and every access recorded before CAs were configured). */
export const MANUAL_CA = 'manual';

/** The access as events recorded before CAs were configured hold it: a typed provider name. */
interface ProviderAccess {
  provider: string;
  credentialId: string;
  grantedAt: string;
  expiresAt: string;
}

/**
 * An access as stored, in either shape: events written before CAs were configured name a free-text
 * `provider` and a typed expiry; they read as a manual access under that name, so they replay and
 * show as before. Events are never rewritten: every reader upcasts when it reads.
 */
export function upcastAccess(access: CaAccess | ProviderAccess): CaAccess {
  if (!('provider' in access) || 'ca' in access) return access as CaAccess;
  const { provider, ...rest } = access;
  return { ca: MANUAL_CA, caName: provider, ...rest };
}

/** A stored certificate event in today's shape (the one place that knows older shapes). */
export function upcastCertificateEvent<E extends CertificateEvent>(event: E): E {
  if (event.type === 'CertificateRegistered') {
    return { ...event, data: { ...event.data, access: upcastAccess(event.data.access) } };
  }
  if (event.type === 'AccessRenewed') {
    const data = event.data;
    return { ...event, data: { ...data, previous: upcastAccess(data.previous), access: upcastAccess(data.access) } };
  }
  return event;
}
