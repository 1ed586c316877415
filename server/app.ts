import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { Db } from './db/client';
import { sessionSecret } from './db/settings';
import { databaseRateLimitStore } from './http/rate-limit-store';
import { authPlugin } from './auth/plugin';
import { registerErrorHandling, sendProblem } from './http/errors';
import { requestLanguage } from './http/language';
import { auditRoutes } from './features/audit/routes';
import { authRoutes } from './features/auth/routes';
import { dashboardRoutes } from './features/dashboard/routes';
import { healthRoutes } from './features/health/routes';
import { instrumentRoutes } from './features/instruments/routes';
import { organisationRoutes } from './features/organisations/routes';
import { placeRoutes } from './features/places/routes';
import { responseRoutes } from './features/responses/routes';
import { userRoutes } from './features/users/routes';
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
  /** Serve the built SPA from dist/web (off in API tests). */
  serveWeb?: boolean;
}

// Personal and secret fields never reach the logs.
const REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.currentPassword', '*.newPassword', '*.token'];

export async function buildApp({ config, db, serveWeb = true }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: REDACT },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies: a cross-site HTML form (text/plain, urlencoded) cannot post to the API.
  app.removeContentTypeParser(['text/plain']);
  registerErrorHandling(app);

  app.decorate('apiRoutes', [] as string[]);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.apiRoutes.push(`${method} ${route.url}`);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // Off: deployments inside a local network may run on plain http.
        upgradeInsecureRequests: null,
      },
    },
  });
  // Weak mobile connections: compress every text response worth compressing.
  await app.register(compress, { threshold: 1024 });
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

  await app.register(authPlugin, { db, config });
  await app.register(healthRoutes, { db });
  await app.register(
    async (api) => {
      await api.register(authRoutes, { db, config });
      await api.register(organisationRoutes);
      await api.register(placeRoutes);
      await api.register(userRoutes);
      await api.register(auditRoutes);
      await api.register(dashboardRoutes);
      await api.register(instrumentRoutes);
      await api.register(responseRoutes);
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
