import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { exportFormat, pageOf } from '../../../common/schemas/list';
import { credentialHandover, passwordSetup, user, userCreated, userInput, userListQuery, userPatch, type User } from '../../../common/schemas/user';
import { sendExport, type ExportColumn } from '../../http/export';
import { requestLanguage } from '../../http/language';
import { idParams, typed } from '../../http/route-helpers';
import * as usersQueries from './queries';
import type { Mailer } from '../../mail';
import * as usersService from './service';

const tags = ['users'];
const config = { permission: 'users.manage' } as const;

const exportColumns: ExportColumn<User>[] = [
  { header: 'users.displayName', value: (u) => u.displayName },
  { header: 'users.email', value: (u) => u.email },
  { header: 'users.roles', value: (u, t) => u.roles.map((r) => t(`roles.${r}`)).join(', ') },
  { header: 'users.language', value: (u, t) => t(`languages.${u.language}`) },
  { header: 'users.active', value: (u, t) => t(u.active ? 'common.yes' : 'common.no') },
  { header: 'users.lastLoginAt', value: (u) => u.lastLoginAt, dateTime: true },
];

export async function userRoutes(app: FastifyInstance, { mailer }: { mailer: Mailer | undefined }) {
  const r = typed(app);
  const mail = (req: FastifyRequest): usersService.MailContext => ({
    mailer,
    onMailError: (error) => req.log.error({ err: error }, 'account email could not be sent'),
  });

  r.get('/users', { config, schema: { tags, querystring: userListQuery, response: { 200: pageOf(user) } } },
    (req) => usersQueries.listUsers(req.gw, req.query));

  r.get('/users/export', { config, schema: { tags, querystring: userListQuery.partial().extend(exportFormat.shape) } },
    (req, reply) => sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'users', columns: exportColumns, source: usersQueries.exportUsers(req.gw, req.query) }));

  r.get('/users/:id', { config, schema: { tags, params: idParams, response: { 200: user } } },
    (req) => usersQueries.getUser(req.gw, req.params.id));

  r.post('/users', { config, schema: { tags, body: userInput, response: { 201: userCreated } } },
    async (req, reply) => reply.code(201).send(await usersService.createUser(req.gw, req.body, mail(req))));

  r.patch('/users/:id', { config, schema: { tags, params: idParams, body: userPatch, response: { 200: user } } },
    (req) => usersService.updateUser(req.gw, req.params.id, req.body));

  r.post('/users/:id/reset-password', {
    config,
    schema: { tags, params: idParams, body: z.object({ passwordSetup: passwordSetup.default('link') }), response: { 200: credentialHandover } },
  }, (req) => usersService.resetPassword(req.gw, req.params.id, req.body.passwordSetup, mail(req)));
}
