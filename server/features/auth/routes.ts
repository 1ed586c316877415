import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changePasswordInput, loginInput, me, profilePatch, setPasswordInput } from '../../../common/schemas/user';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { sessionCookieOptions } from '../../auth/plugin';
import { resolveSession, revokeSession, SESSION_COOKIE } from '../../auth/sessions';
import { HttpProblem } from '../../http/problem';
import { typed } from '../../http/route-helpers';
import { changePassword, describeMe, login, setPasswordWithToken, updateProfile } from './service';

const tags = ['auth'];

export async function authRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const r = typed(app);
  const { db, config } = opts;

  r.post('/auth/login', {
    config: {
      public: true,
      rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' },
    },
    schema: { tags, body: loginInput, response: { 200: me } },
  }, async (req, reply) => {
    const meta = { ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
    const session = await login(db, config, req.body.email, req.body.password, meta);
    reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(req, session.expiresAt));
    const actor = await resolveSession(db, config, session.token);
    if (!actor) throw new HttpProblem('unauthenticated');
    return describeMe(db, actor);
  });

  r.post('/auth/logout', { config: { allowPasswordChangePending: true }, schema: { tags } }, async (req, reply) => {
    if (req.actor) await revokeSession(db, req.actor.sessionTokenHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  r.post('/auth/set-password', {
    config: { public: true, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    schema: { tags, body: setPasswordInput },
  }, async (req, reply) => {
    await setPasswordWithToken(db, req.body.token, req.body.password, req.ip);
    return reply.code(204).send();
  });

  // The web app asks this on start: signed out is an answer (200), not an error, so a visitor's
  // browser console stays clean. /me keeps answering 401 to API clients without a session.
  r.get('/auth/session', { config: { public: true }, schema: { tags, response: { 200: z.object({ me: me.nullable() }) } } },
    async (req) => ({ me: req.actor ? await describeMe(db, req.actor) : null }));

  r.get('/me', { config: { allowPasswordChangePending: true }, schema: { tags, response: { 200: me } } },
    (req) => describeMe(db, req.gw.actor));

  r.patch('/me', { config: { allowPasswordChangePending: true }, schema: { tags, body: profilePatch, response: { 200: me } } },
    async (req) => {
      await updateProfile(db, req.gw.actor, req.body, req.ip);
      return describeMe(db, { ...req.gw.actor, ...req.body });
    });

  r.post('/me/password', {
    config: { allowPasswordChangePending: true },
    schema: { tags, body: changePasswordInput, response: { 204: z.null() } },
  }, async (req, reply) => {
    await changePassword(db, req.gw.actor, req.body.currentPassword, req.body.newPassword, req.ip);
    return reply.code(204).send(null);
  });
}
