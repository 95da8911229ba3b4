import { api } from '../api/api';

/**
 * The round trip to a CA, as the browser makes it: the gateway starts the authorization (bound to
 * this session) and gives the CA's page; the browser goes there and comes back to /certificates/ca-return.
 * What the return page needs to say where to go next (register or renew which certificate) is kept in
 * this tab's session storage, under the `state` the CA sends back.
 */
export interface PendingAuthorization {
  purpose: 'register' | 'renew';
  ca: string;
  certificateId?: string;
}

const key = (state: string) => `ca-authorization:${state}`;

export async function goToCa(ca: string, certificateId?: string): Promise<void> {
  const { authorizationUrl } = await api.startCaAuthorization({ ca, ...(certificateId ? { certificateId } : {}) });
  const state = new URL(authorizationUrl).searchParams.get('state');
  const pending: PendingAuthorization = { purpose: certificateId ? 'renew' : 'register', ca, certificateId };
  if (state) sessionStorage.setItem(key(state), JSON.stringify(pending));
  window.location.assign(authorizationUrl);
}

export function pendingAuthorization(state: string): PendingAuthorization | undefined {
  const stored = sessionStorage.getItem(key(state));
  return stored ? (JSON.parse(stored) as PendingAuthorization) : undefined;
}

export function forgetAuthorization(state: string): void {
  sessionStorage.removeItem(key(state));
}
