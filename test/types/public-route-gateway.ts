// Compiled by `npm run typecheck`, never run: the type of `req.gw` follows the route's config.
import type { FastifyInstance } from 'fastify';
import { typed } from '../../server/http/route-helpers';

export function routes(app: FastifyInstance) {
  const r = typed(app);
  // A signed-in route gets the scoped gateway.
  r.get('/example', (req) => req.gw.actor.userId);
  // A public route has no session: using the gateway there does not compile.
  r.get('/example/public', { config: { public: true } }, (req) => {
    // @ts-expect-error the gateway is `never` on a public route
    return req.gw.actor.userId;
  });
}
