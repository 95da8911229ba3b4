/** A logged-in browser, minus the browser: the session cookie and the CSRF token on every call. */
export class GatewaySession {
  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string | undefined,
    private readonly csrfToken: string | undefined,
  ) {}

  static anonymous(baseUrl: string) {
    return new GatewaySession(baseUrl, undefined, undefined);
  }

  static async login(baseUrl: string, email: string, password: string): Promise<GatewaySession> {
    const response = await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200)
      throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie()[0].split(';')[0];
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return new GatewaySession(baseUrl, cookie, csrfToken);
  }

  /** The headers that carry this session, for a tool that makes its own requests (the fuzzer). */
  authHeaders(): Record<string, string> {
    return {
      ...(this.cookie ? { Cookie: this.cookie } : {}),
      ...(this.csrfToken ? { 'X-CSRF-Token': this.csrfToken } : {}),
    };
  }

  /** The same session without its CSRF token, as a forged cross-site request would be. */
  withoutCsrf(): GatewaySession {
    return new GatewaySession(this.baseUrl, this.cookie, undefined);
  }

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; etag?: string; retryAfter?: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      etag: response.headers.get('etag') ?? undefined,
      retryAfter: response.headers.get('retry-after') ?? undefined,
    };
  }

  get = <T = any>(path: string) => this.call<T>('GET', path);
  post = <T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) =>
    this.call<T>('POST', path, body, headers);
  put = <T = any>(path: string, body: unknown, headers?: Record<string, string>) =>
    this.call<T>('PUT', path, body, headers);
  patch = <T = any>(path: string, body: unknown, headers?: Record<string, string>) =>
    this.call<T>('PATCH', path, body, headers);
}
