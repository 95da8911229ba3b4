/** Whether the session cookie is `Secure` (HTTPS only): on in production, off for http://localhost. */
export const SESSION_COOKIE_SECURE = Symbol('SESSION_COOKIE_SECURE');
