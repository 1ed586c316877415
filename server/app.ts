import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { mailerFor } from './mail';
import { createStorage } from './storage';
import type { Db } from './db/client';
import { sessionSecret } from './db/settings';
import { keyRingFor } from './crypto/sealed';
import { databaseRateLimitStore } from './http/rate-limit-store';
import { authPlugin } from './auth/plugin';
import { registerErrorHandling, sendProblem } from './http/errors';
import { registerDownloadIdleTimeout } from './http/download-timeout';
import { registerIdempotency } from './http/idempotency';
import { registerInputGuard } from './http/input-guard';
import { registerSecurityHeaders } from './http/security-headers';
import { requestLanguage } from './http/language';
import { FEATURES } from './features';
import { createLogger, OneLinePerRequest } from './logging';
import { registerWeb, wantsSpa } from './web';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every `METHOD /api/...` route, for the access-matrix test's completeness check. */
    apiRoutes: string[];
  }
}

export interface AppOptions {
  config: Config;
  db: Db;
  /** The read replica (DATABASE_READ_URL) that `gw.onReplica()` reads; undefined: none. */
  readDb?: Db | undefined;
  /** Serve the built SPA from dist/web (off in API tests). */
  serveWeb?: boolean;
  /** The process's logger (main.ts shares it); made from the config when not given. */
  logger?: FastifyBaseLogger;
}

function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

export async function buildApp({ config, db, readDb, serveWeb = true, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger ?? (createLogger(config) as FastifyBaseLogger),
    logController: new OneLinePerRequest(),
    // A hop count trusts that many proxies nearest to us; addresses trust only those proxies.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies: a cross-site HTML form (text/plain, urlencoded) cannot post to the API.
  app.removeContentTypeParser(['text/plain']);
  registerErrorHandling(app);
  registerInputGuard(app);

  app.decorate('apiRoutes', [] as string[]);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.apiRoutes.push(`${method} ${route.url}`);
  });

  registerSecurityHeaders(app);
  registerDownloadIdleTimeout(app, config.downloadIdleMs);
  // Before compression, whose onSend would hand it compressed bytes: stores answers as serialised.
  registerIdempotency(app, { db, keys: await keyRingFor(db, config) });
  // Weak mobile connections: compress every text response worth compressing.
  // Answers up to 64 KiB (a page of any list) are compressed in one synchronous call, which costs
  // well under a millisecond; streaming them through zlib's thread pool cost several on two cores.
  await app.register(compress, { threshold: 1024, syncThreshold: 64 * 1024 });
  await app.register(cookie, { secret: await sessionSecret(db, config.sessionSecret) });
  // Counted in the database, so several app servers behind a proxy enforce one limit.
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(db) });
  // XLSForm uploads: one file, 5 MiB at most.
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Ertad API', version: '1', description: 'Ertad (ერთად): organisations, people and results of the programme.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, () => app.swagger());

  await app.register(authPlugin, { db, readDb, config });
  // One file store for every feature (capacity documents, lesson files, finished exports).
  const context = { db, config, mailer: mailerFor(config), storage: createStorage(config.storage, config.dataDir) };
  for (const feature of FEATURES.filter((f) => f.root)) await app.register((scope) => feature.routes(scope, context));
  await app.register(
    async (api) => {
      for (const feature of FEATURES.filter((f) => !f.root)) await api.register((scope) => feature.routes(scope, context));
    },
    { prefix: '/api/v1' },
  );

  const hasWeb = serveWeb && (await registerWeb(app));
  app.setNotFoundHandler((request, reply) => {
    if (hasWeb && wantsSpa(request.method, request.url, request.headers.accept)) return reply.sendFile('index.html');
    return sendProblem(reply, requestLanguage(request), 'notFound');
  });
  return app;
}
