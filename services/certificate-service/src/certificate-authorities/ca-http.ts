import { CaRefusedError, CaUnavailableError } from './ca-errors';

export interface CaRequest {
  caId: string;
  url: string;
  /** A JSON body (CSC API) or form fields (OAuth token endpoint). */
  body: { json: unknown } | { form: Record<string, string> };
  bearer?: string;
  timeoutMs: number;
}

/** CSC and OAuth both answer errors as `{ error, error_description }`; a bare status is kept as is. */
const refusal = (caId: string, status: number, text: string): CaRefusedError => {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') {
      const description = typeof body.error_description === 'string' ? body.error_description : undefined;
      return new CaRefusedError(caId, status, body.error, description);
    }
  } catch {
    /* not JSON: the status says it */
  }
  return new CaRefusedError(caId, status, `http_${status}`);
};

/**
 * One POST to a CA and its JSON answer: unreachable, slow, 5xx or unreadable is CaUnavailableError,
 * a 4xx CaRefusedError with the CA's reason. The URL is named in errors; the body never is.
 */
export async function caPost<T>(request: CaRequest): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.bearer) headers.authorization = `Bearer ${request.bearer}`;
  let body: string;
  if ('json' in request.body) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body.json);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.body.form).toString();
  }
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const what = (error as Error).name === 'TimeoutError' ? `no answer within ${request.timeoutMs} ms` : cause;
    throw new CaUnavailableError(request.caId, `POST ${request.url}: ${what ?? (error as Error).message}`);
  }
  if (response.status >= 400 && response.status < 500) throw refusal(request.caId, response.status, text);
  if (!response.ok) throw new CaUnavailableError(request.caId, `POST ${request.url}: HTTP ${response.status}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CaUnavailableError(request.caId, `POST ${request.url}: the answer is not JSON`);
  }
}
