import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Browser features the app never uses are switched off, so injected content cannot use them
 * either. Location questions read the device's position and photo questions may open the camera,
 * so those two stay available to Ertad's own pages, and to nothing embedded. Only features that
 * browsers recognise are named: Chromium logs a console error for every page whose header names one
 * it does not know (e.g. `bluetooth`, which no browser gates by Permissions-Policy).
 */
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(), geolocation=(self), payment=(), usb=(), serial=(), display-capture=()';

/** One year; sent only on HTTPS responses, so a plain-http local deployment is never pinned to HTTPS. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers on every response: API answers and downloads carry personal data and are never stored
 * by browsers or shared caches; HSTS only when the request came over HTTPS (directly, or through a
 * trusted proxy that says so).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  // Built once: @fastify/helmet built helmet's middleware again for every request (its CSP
  // directives parsed each time), a few per cent of the server's CPU on a list.
  const helmetHeaders = helmet({
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
    // Sent below, and only over HTTPS.
    strictTransportSecurity: false,
  });
  // helmet's middleware only sets headers; it calls back at once and never with an error.
  app.addHook('onRequest', (request, reply, done) => helmetHeaders(request.raw, reply.raw, () => done()));
  app.addHook('onSend', async (request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}
