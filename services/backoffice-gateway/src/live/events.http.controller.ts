import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { SessionStore } from '../auth/session.store';
import { SessionRequired } from '../downstream/api-docs.decorators';
import { LiveEventsHub } from './live-events.hub';
import { sseFrame } from './live-event';
import { LiveChange } from './live.answers';

/** One server-sent event: its name and its data, a line of JSON (`{}`, or a LiveChange for `change`). */
const SSE_EVENT_SCHEMA = {
  type: 'object',
  required: ['event', 'data'],
  properties: {
    event: { type: 'string', enum: ['ready', 'change', 'session-ended'] },
    data: { type: 'string', description: 'JSON: `{}` for ready and session-ended, a LiveChange for change' },
    id: { type: 'string' },
    retry: { type: 'integer', minimum: 0 },
  },
};

/** Also how often the session behind an open stream is checked: a logout or an ended session closes it within this. */
const HEARTBEAT_MS = 25_000;
/** Asked of the browser's EventSource before it reconnects after the stream ends. */
const RECONNECT_MS = 2_000;

/**
 * The session's issuer's events as server-sent events. Nothing is replayed: the stream starts with
 * `ready` once this instance receives events, and the page re-reads what it shows on every `ready`
 * after the first (a reconnect, e.g. after a gateway restart), so what happened meanwhile is not missed.
 */
@ApiTags('live')
@ApiExtraModels(LiveChange)
@SessionRequired()
@Controller('api/events')
export class EventsController {
  constructor(
    private readonly hub: LiveEventsHub,
    private readonly sessions: SessionStore,
  ) {}

  @Get()
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: `A stream of \`ready\` (receiving; re-read what is shown), \`change\` (data: a ${getSchemaPath(LiveChange)}) and \`session-ended\` events`,
    // Each event of the stream, as OpenAPI 3.2's \`itemSchema\` and a reader of 3.0 (\`schema\`, one event) see it.
    content: { 'text/event-stream': { schema: SSE_EVENT_SCHEMA } },
  })
  @ApiServiceUnavailableResponse({
    description: 'This gateway is stopping: reconnect (to another instance, or this one once restarted)',
    headers: { 'Retry-After': { description: 'Seconds', schema: { type: 'integer' } } },
  })
  stream(@Req() request: AuthenticatedRequest, @Res() response: Response): void {
    const { session, sessionToken } = request;
    // Each stream on a connection of its own, closed when the stream ends: a browser reconnecting
    // over the same kept-alive connection would hold a stopping gateway open.
    response.setHeader('Connection', 'close');
    if (this.hub.stopping) {
      // Stopping: the browser retries, and reaches another instance or this one restarted.
      response
        .status(503)
        .setHeader('Retry-After', String(RECONNECT_MS / 1000))
        .end();
      return;
    }
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: ${RECONNECT_MS}\n\n`);

    let open = true;
    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      unsubscribe();
      response.end();
    };
    const unsubscribe = this.hub.subscribe({
      issuerId: session!.issuerId,
      send: (event) => response.write(sseFrame('change', event)),
      end,
    });
    void this.hub.whenReady().then(() => open && response.write(sseFrame('ready', {})));
    const heartbeat = setInterval(() => {
      void this.sessions.isLive(sessionToken).then((live) => {
        if (!open) return;
        if (live) response.write(': heartbeat\n\n');
        else {
          response.write(sseFrame('session-ended', {}));
          end();
        }
      });
    }, HEARTBEAT_MS);
    request.on('close', end);
  }
}
