import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { definition } from '../../../common/instruments/definition';
import { pageOf } from '../../../common/schemas/list';
import { amendInput, answersInput, response, responseInput, responseListQuery } from '../../../common/schemas/response';
import { requestLanguage } from '../../http/language';
import { idParams, typed } from '../../http/route-helpers';
import * as service from './service';

const tags = ['responses'];
const config = { permission: 'responses.fill' } as const;
const withDefinition = z.object({ response, definition });

export async function responseRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get('/responses', { config, schema: { tags, querystring: responseListQuery, response: { 200: pageOf(response) } } },
    (req) => service.listResponses(req.gw, req.query));

  r.post('/responses', { config, schema: { tags, body: responseInput, response: { 201: withDefinition } } },
    async (req, reply) => reply.code(201).send(await service.startResponse(req.gw, req.body)));

  r.get('/responses/:id', { config, schema: { tags, params: idParams, response: { 200: withDefinition } } },
    (req) => service.getResponse(req.gw, req.params.id));

  r.patch('/responses/:id', { config, schema: { tags, params: idParams, body: answersInput, response: { 200: withDefinition } } },
    (req) => service.saveDraftAnswers(req.gw, req.params.id, req.body));

  r.post('/responses/:id/submit', { config, schema: { tags, params: idParams, body: answersInput, response: { 200: withDefinition } } },
    (req) => service.submitResponse(req.gw, req.params.id, req.body, requestLanguage(req)));

  r.post('/responses/:id/amend', { config, schema: { tags, params: idParams, body: amendInput, response: { 200: withDefinition } } },
    (req) => service.amendResponse(req.gw, req.params.id, req.body, requestLanguage(req)));
}
