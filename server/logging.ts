import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config';

// Personal and secret fields never reach the logs: no bodies, no query strings (searches may hold
// names), no IP addresses, no cookies or tokens. A request is logged as method, path, status, time.
const REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.currentPassword', '*.newPassword', '*.token', '*.email'];

/** The path of a URL without its query string. */
export function pathOnly(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Level, redaction and the request serializers every Ertad logger uses. */
export function loggerOptions(config: Config): LoggerOptions {
  return {
    level: config.logLevel,
    redact: REDACT,
    serializers: {
      // Replaces pino's defaults, which include the remote address and all headers.
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: pathOnly(req.url ?? '') }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * JSON lines (one object per line, for journald or a log shipper) except in development, where
 * pino-pretty prints one readable line per entry.
 */
export function createLogger(config: Config): Logger {
  if (config.logLevel === 'silent') return pino({ level: 'silent' });
  if (config.env !== 'development') return pino(loggerOptions(config));
  return pino({
    ...loggerOptions(config),
    transport: {
      target: 'pino-pretty',
      options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId,req,method,path,status,ms', singleLine: true },
    },
  });
}

/**
 * One line per request, written when it completes, instead of Fastify's "incoming request" and
 * "request completed" pair; method, path (no query), status and time, nothing about the person.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest() {}

  override routeNotFound() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const path = pathOnly(request.url);
    const ms = Math.round(reply.elapsedTime);
    const line = { method: request.method, path, status: reply.statusCode, ms };
    const message = `${request.method} ${path} ${reply.statusCode} ${ms} ms`;
    // The error itself, with its stack, is logged once by the error handler (server/http/errors.ts).
    if (error || reply.statusCode >= 500) reply.log.error(line, message);
    else reply.log.info(line, message);
  }
}
