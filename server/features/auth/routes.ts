import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changePasswordInput, forgotPasswordInput, loginInput, me, profilePatch, setPasswordInput } from '../../../common/schemas/user';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { Mailer } from '../../mail';
import { sessionCookieOptions } from '../../auth/plugin';
import { resolveSession, revokeSession, SESSION_COOKIE } from '../../auth/sessions';
import { HttpProblem } from '../../http/problem';
import { typed } from '../../http/route-helpers';
import { changePassword, describeMe, login, requestPasswordReset, setPasswordWithToken, updateProfile } from './service';

const tags = ['auth'];

export async function authRoutes(app: FastifyInstance, opts: { db: Db; config: Config; mailer: Mailer | undefined }) {
  const r = typed(app);
  const { db, config, mailer } = opts;

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
    const resolved = await resolveSession(db, config, session.token);
    if (!resolved) throw new HttpProblem('unauthenticated');
    return describeMe(db, resolved.actor);
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

  // Forgot password: the same 202 whether the email is known or not, and at once: the token and the
  // email are made after the answer, so the time taken tells nothing either. Without SMTP nothing
  // is sent (the sign-in page then shows no link; an admin resets the password).
  r.post('/auth/forgot-password', {
    config: { public: true, rateLimit: { max: Math.min(config.loginRateLimitPerMinute, 10), timeWindow: '1 minute' } },
    schema: { tags, body: forgotPasswordInput, response: { 202: z.null() } },
  }, async (req, reply) => {
    if (mailer) {
      void requestPasswordReset(db, mailer, req.body.email, req.ip).catch((error: unknown) => req.log.error({ err: error }, 'password reset email could not be sent'));
    }
    return reply.code(202).send(null);
  });

  // The web app asks this on start: signed out is an answer (200), not an error, so a visitor's
  // browser console stays clean. /me keeps answering 401 to API clients without a session.
  // `resetByEmail`: the sign-in page offers "forgot password" only when an email can go out.
  r.get('/auth/session', { config: { public: true }, schema: { tags, response: { 200: z.object({ me: me.nullable(), resetByEmail: z.boolean() }) } } },
    async (req) => ({ me: req.actor ? await describeMe(db, req.actor) : null, resetByEmail: Boolean(mailer) }));

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
