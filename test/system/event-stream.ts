import type { GatewaySession } from '@signstash/testing';

export interface StreamedEvent {
  event: string;
  data: unknown;
}

/** The gateway's `GET /api/events` read as the browser's EventSource would, with a session's cookie. */
export class EventStreamReader {
  readonly events: StreamedEvent[] = [];
  private readonly abort = new AbortController();
  private constructor(readonly status: number) {}

  static async open(gatewayUrl: string, session: GatewaySession): Promise<EventStreamReader> {
    const { Cookie } = session.authHeaders();
    const controller = new AbortController();
    const response = await fetch(`${gatewayUrl}/api/events`, {
      headers: { accept: 'text/event-stream', ...(Cookie ? { cookie: Cookie } : {}) },
      signal: controller.signal,
    });
    const reader = new EventStreamReader(response.status);
    reader.abort.signal.addEventListener('abort', () => controller.abort());
    if (response.ok && response.body) void reader.read(response.body);
    else controller.abort();
    return reader;
  }

  /** The `change` events' data so far. */
  changes<T = Record<string, unknown>>(): T[] {
    return this.events.filter((e) => e.event === 'change').map((e) => e.data as T);
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            frame
              .split('\n')
              .find((line) => line.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          const event = field('event');
          if (event) this.events.push({ event, data: JSON.parse(field('data') ?? 'null') });
        }
      }
    } catch {
      // Aborted by close(), or the gateway stopped: the events read so far stay.
    }
  }
}
