import type {
  ContextConfigDefault,
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  FastifyTypeProvider,
  FastifyTypeProviderDefault,
  RawRequestDefaultExpression,
  RawServerBase,
  RawServerDefault,
  RouteGenericInterface,
} from 'fastify';
import type { FastifyRequestType, ResolveFastifyRequestType } from 'fastify/types/type-provider';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Actor } from '../access/actor';
import { Gateway } from '../access/gateway';
import type { Permission } from '../access/policy';
import { withheldAnswer } from '../http/errors';
import { HttpProblem } from '../http/problem';
import { resolveSession, SESSION_COOKIE } from './sessions';

declare module 'fastify' {
  // The generic parameters must match Fastify's declaration to merge; only ContextConfig is used.
  /* eslint-disable @typescript-eslint/no-unused-vars */
  interface FastifyRequest<
    RouteGeneric extends RouteGenericInterface = RouteGenericInterface,
    RawServer extends RawServerBase = RawServerDefault,
    RawRequest extends RawRequestDefaultExpression<RawServer> = RawRequestDefaultExpression<RawServer>,
    SchemaCompiler extends FastifySchema = FastifySchema,
    TypeProvider extends FastifyTypeProvider = FastifyTypeProviderDefault,
    ContextConfig = ContextConfigDefault,
    Logger extends FastifyBaseLogger = FastifyBaseLogger,
    RequestType extends FastifyRequestType = ResolveFastifyRequestType<TypeProvider, SchemaCompiler, RouteGeneric>,
  > {
    /* eslint-enable @typescript-eslint/no-unused-vars */
    actor: Actor | null;
    /**
     * The scoped data gateway of an authenticated request. A route declared `public: true` has
     * no session, so its handlers see `never` here (and a throwing guard at run time).
     */
    gw: ContextConfig extends { public: boolean } ? never : Gateway;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, set-password). */
    public?: boolean;
    /** Role-level permission the route needs; others get 403 before the body is looked at. */
    permission?: Permission;
    /** Reachable while the user still must change a temporary password. */
    allowPasswordChangePending?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieOptions(request: FastifyRequest, expires?: Date) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
    signed: true,
    ...(expires ? { expires } : {}),
  };
}

/**
 * Resolves the session cookie on every request, builds the scoped gateway, and enforces
 * authentication, CSRF (a per-session token in `x-csrf-token` on state-changing requests)
 * and role-level permissions before any handler runs.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db; readDb?: Db | undefined; config: Config }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('gw', null as never);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.cookies[SESSION_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    const session = unsigned?.valid && unsigned.value ? await resolveSession(opts.db, opts.config, unsigned.value) : null;
    if (unsigned?.valid && !session) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    request.actor = session?.actor ?? null;
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/v1/') || config.public || request.is404) return;
    if (!session) throw new HttpProblem('unauthenticated');
    const { actor } = session;
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== actor.csrfToken) {
      throw new HttpProblem('csrf');
    }
    if (actor.mustChangePassword && !config.allowPasswordChangePending) {
      throw new HttpProblem('forbidden', [], 'auth.mustChangePassword');
    }
    const gw = new Gateway(opts.db, actor, request.ip, undefined, opts.readDb ? { db: opts.readDb } : undefined);
    if (config.permission) gw.require(config.permission);
    gw.useSessionReads(session);
    gw.deferReadAudit();
    (request as FastifyRequest & { gw: Gateway }).gw = gw;
  });

  // The insert starts before the answer is checked and serialised, and runs meanwhile.
  app.addHook('preSerialization', async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    (request.gw as Gateway | null)?.startReadAuditFlush();
    return payload;
  });

  // The request's reads go to the audit log in one insert before its answer leaves; if that
  // insert fails, the answer is replaced by a 500 problem, so nothing is read without a record.
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    try {
      await (request.gw as Gateway | null)?.flushReadAudit();
      return payload;
    } catch (error) {
      return withheldAnswer(request, reply, payload, error);
    }
  });
});
