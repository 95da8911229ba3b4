/** Whether the session cookie is `Secure` (HTTPS only): on in production, off for http://localhost. */
export const SESSION_COOKIE_SECURE = Symbol('SESSION_COOKIE_SECURE');

/** How long a session lasts without a request (idle) and at most (absolute), in ms. */
export interface SessionLifetimes {
  idleMs: number;
  absoluteMs: number;
}
export const SESSION_LIFETIMES = Symbol('SESSION_LIFETIMES');
