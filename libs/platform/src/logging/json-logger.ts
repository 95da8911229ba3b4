import { LoggerService, LogLevel } from '@nestjs/common';
import { currentCorrelationId } from './correlation';

const isEvent = (message: unknown): message is { message: string } =>
  typeof message === 'object' &&
  message !== null &&
  !(message instanceof Error) &&
  typeof (message as { message?: unknown }).message === 'string';

/** One JSON object per line: what log collectors want. Carries the correlation id when there is one. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  log(message: unknown, ...rest: unknown[]) {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.emit('verbose', message, rest);
  }
  setLogLevels(_levels: LogLevel[]) {}

  private emit(level: string, message: unknown, rest: unknown[]) {
    // Nest passes the context last, and for errors the stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const correlationId = currentCorrelationId();
    const entry = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(context ? { context } : {}),
      // A record with a `message` (e.g. a security event) is logged field by field.
      ...(isEvent(message)
        ? message
        : {
            message:
              message instanceof Error
                ? message.message
                : typeof message === 'string'
                  ? message
                  : JSON.stringify(message),
          }),
      ...(correlationId ? { correlationId } : {}),
      ...(stack ? { stack } : message instanceof Error && message.stack ? { stack: message.stack } : {}),
    };
    this.write(`${JSON.stringify(entry)}\n`);
  }
}
