import type {
  Attention,
  CaAuthorizationStarted,
  CaReturn,
  CaReturnInput,
  CertificateAuthorityList,
  RegisterFromCaInput,
  StartCaAuthorizationInput,
  CertificateDetails,
  CertificateHistory,
  CertificatePage,
  CertificateQuery,
  ChangeClientServiceStatusInput,
  ChangeDetailsInput,
  ChangeMailChoicesInput,
  ChangeStatusInput,
  ChangeWarningThresholdsInput,
  ClientService,
  ClientServiceHistory,
  ClientServiceList,
  ClientServiceOutcome,
  ClientServicePage,
  ClientServiceQuery,
  FieldError,
  NotificationList,
  Reactivation,
  RegisterCertificateInput,
  RegisterClientServiceInput,
  RenewAccessInput,
  Revisioned,
  Session,
  Settings,
  TestMail,
} from './api-types';

// Every call to the gateway goes through this module: it owns the CSRF token and error shape.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[] = [],
    /** Which refusal a 409 is (`alias-taken`, `concurrent-change`, …), when the server says. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  fieldError(field: string): string | undefined {
    return this.fields.find((f) => f.field === field || f.field.endsWith(`.${field}`))?.reason;
  }
}

// The session response hands out the token; it lives in memory only, never in storage.
let csrfToken: string | undefined;

type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  revision?: number;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.revision !== undefined) headers['If-Match'] = `"${options.revision}"`;

  let response: Response;
  try {
    response = await fetch(`/api${path}${queryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    { message?: string | string[]; fields?: FieldError[]; code?: string } | undefined;
  const message = Array.isArray(body?.message) ? body.message.join('. ') : body?.message;
  return new ApiError(response.status, message || fallbackMessage(response.status), body?.fields ?? [], body?.code);
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return 'You are not allowed to do this.';
  if (status === 404) return 'This item does not exist or is not yours.';
  if (status === 409) return 'This change was refused because of the current state. Reload the page and try again.';
  if (status === 429) return 'Too many attempts. Please wait a moment and try again.';
  return `The server could not complete the request (error ${status}). Please try again.`;
}

function remember(session: Session): Session {
  csrfToken = session.csrfToken;
  return session;
}

export const api = {
  async getSession(): Promise<Session | null> {
    try {
      return remember(await request<Session>('GET', '/session'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        csrfToken = undefined;
        return null;
      }
      throw error;
    }
  },
  async login(email: string, password: string): Promise<Session> {
    return remember(await request<Session>('POST', '/session', { body: { email, password } }));
  },
  async logout(): Promise<void> {
    await request<void>('DELETE', '/session');
    csrfToken = undefined;
  },

  getAttention: () => request<Attention>('GET', '/attention'),
  listCertificates: (query: CertificateQuery) =>
    request<CertificatePage>('GET', '/certificates', { query: { ...query } }),
  /** Where the browser downloads the list as CSV (a plain GET: the session cookie is all it needs). */
  certificatesCsvUrl: (query: Omit<CertificateQuery, 'page' | 'pageSize'>) =>
    `/api/certificates.csv${queryString({ ...query })}`,
  registerCertificate: (input: RegisterCertificateInput) =>
    request<Revisioned>('POST', '/certificates', { body: input }),
  listCertificateAuthorities: () => request<CertificateAuthorityList>('GET', '/certificate-authorities'),
  startCaAuthorization: (body: StartCaAuthorizationInput) =>
    request<CaAuthorizationStarted>('POST', '/ca-authorizations', { body }),
  completeCaAuthorization: (state: string, body: CaReturnInput) =>
    request<CaReturn>('POST', `/ca-authorizations/${enc(state)}/return`, { body }),
  registerFromCa: (state: string, body: RegisterFromCaInput) =>
    request<Revisioned>('POST', `/ca-authorizations/${enc(state)}/certificate`, { body }),
  getCertificate: (id: string) => request<CertificateDetails>('GET', `/certificates/${enc(id)}`),
  getCertificateHistory: (id: string) => request<CertificateHistory>('GET', `/certificates/${enc(id)}/history`),
  changeCertificateDetails: (id: string, revision: number, body: ChangeDetailsInput) =>
    request<Revisioned>('PATCH', `/certificates/${enc(id)}/details`, { body, revision }),
  changeCertificateStatus: (id: string, revision: number, body: ChangeStatusInput) =>
    request<Revisioned>('PUT', `/certificates/${enc(id)}/status`, { body, revision }),
  renewAccess: (id: string, revision: number, body: RenewAccessInput) =>
    request<Revisioned>('POST', `/certificates/${enc(id)}/access/renewals`, { body, revision }),
  getCertificateClientServices: (id: string) =>
    request<ClientServiceList>('GET', `/certificates/${enc(id)}/client-services`),
  reactivateClientServices: (id: string) =>
    request<Reactivation>('POST', `/certificates/${enc(id)}/client-services/reactivations`, { body: {} }),
  getCertificateNotifications: (id: string) =>
    request<NotificationList>('GET', `/certificates/${enc(id)}/notifications`),

  listClientServices: (query: ClientServiceQuery) =>
    request<ClientServicePage>('GET', '/client-services', { query: { ...query } }),
  registerClientService: (body: RegisterClientServiceInput) =>
    request<ClientServiceOutcome>('POST', '/client-services', { body }),
  getClientService: (id: string) => request<ClientService>('GET', `/client-services/${enc(id)}`),
  getClientServiceHistory: (id: string) => request<ClientServiceHistory>('GET', `/client-services/${enc(id)}/history`),
  changeClientServiceStatus: (id: string, body: ChangeClientServiceStatusInput) =>
    request<ClientServiceOutcome>('PUT', `/client-services/${enc(id)}/status`, { body }),

  getSettings: () => request<Settings>('GET', '/settings'),
  changeWarningThresholds: (body: ChangeWarningThresholdsInput) =>
    request<Settings>('PUT', '/settings/warning-thresholds', { body }),
  changeMailChoices: (body: ChangeMailChoicesInput) => request<Settings>('PUT', '/settings/mail', { body }),
  sendTestMail: () => request<TestMail>('POST', '/settings/test-mail', { body: {} }),
  getTestMail: (id: string) => request<TestMail>('GET', `/settings/test-mail/${enc(id)}`),
};

function enc(id: string): string {
  return encodeURIComponent(id);
}
