import { waitFor } from './test-env';

export interface MailAddress {
  Name: string;
  Address: string;
}

/** One entry of Mailpit's message list (`/api/v1/messages`, `/api/v1/search`). */
export interface MailSummary {
  ID: string;
  MessageID: string;
  From: MailAddress;
  To: MailAddress[];
  Subject: string;
  Created: string;
  Snippet: string;
}

/** A whole message (`/api/v1/message/{ID}`): both bodies as received. */
export interface MailMessage extends MailSummary {
  Text: string;
  HTML: string;
  Date: string;
}

/**
 * Reads what the SMTP sink received through Mailpit's REST API. Test files run in
 * parallel against one Mailpit, so find mail by a search (a unique recipient or
 * Message-ID) rather than by position, and avoid `deleteAll` outside a single-file run.
 */
export class MailpitClient {
  constructor(private readonly baseUrl: string) {}

  async list(limit = 50): Promise<MailSummary[]> {
    return (await this.request<{ messages: MailSummary[] }>('GET', `/api/v1/messages?limit=${limit}`)).messages;
  }

  /** Mailpit search syntax, e.g. `to:"someone@example.test"`, `subject:"Access expiring"`. */
  async search(query: string, limit = 50): Promise<MailSummary[]> {
    const params = new URLSearchParams({ query, limit: String(limit) });
    return (await this.request<{ messages: MailSummary[] }>('GET', `/api/v1/search?${params}`)).messages;
  }

  async message(id: string): Promise<MailMessage> {
    return this.request<MailMessage>('GET', `/api/v1/message/${encodeURIComponent(id)}`);
  }

  /** Waits until `query` matches at least `count` messages, then returns them in full (newest first). */
  async waitForMessages(query: string, count = 1, timeoutMs = 10_000): Promise<MailMessage[]> {
    const found = await waitFor(
      async () => {
        const summaries = await this.search(query);
        return summaries.length >= count ? summaries : undefined;
      },
      timeoutMs,
      100,
    );
    return Promise.all(found.map((summary) => this.message(summary.ID)));
  }

  async deleteAll(): Promise<void> {
    await this.request('DELETE', '/api/v1/messages');
  }

  private async request<T>(method: string, path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`Mailpit ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    const body = await response.text();
    return (body ? JSON.parse(body) : undefined) as T;
  }
}
